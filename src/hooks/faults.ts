// Transport and ambiguous faults around a request (the rules of the one fault book, sandbox/faults.ts): before the
// handler (an HTTP error, a delay, a dropped or hanging socket; nothing is committed) and after it (the handler has
// committed; the client loses the answer). Held requests are released when the app closes, so app.close() completes.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../http/envelope.js';
import { HTTP_REASON } from '../http/messages.js';
import type { RequestContext } from '../sandbox/faults.js';
import type { FaultRule } from '../schemas/faults.js';
import { faultInfo, recordRequest } from './journal.js';
import { field, type RequestState, type RequestStates, requestMerchant } from './request.js';

export function faultHooks(app: FastifyInstance, states: RequestStates): void {
  const sb = app.sb;
  /** Requests waiting in hold(): their release functions, with the reply when it hangs (its socket dies on close). */
  const held = new Map<() => void, FastifyReply | null>();
  /** Set once a socket was dropped or left hanging: clients then keep spare connections that close() must cut. */
  let socketFaults = false;

  /** Wait until the client goes away (or the app closes, or `ms` passes). */
  const hold = (reply: FastifyReply, ms?: number) =>
    new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        held.delete(done);
        reply.raw.removeListener('close', done);
        resolve();
      };
      held.set(done, ms === undefined ? reply : null);
      reply.raw.once('close', done);
      if (ms !== undefined) timer = setTimeout(done, ms);
    });

  /** What a transport rule can match on: the request's merchant, method, path and payment fields. */
  const contextOf = (req: FastifyRequest, merchantId: string | null): RequestContext => {
    const amount = Number((req.body as Record<string, unknown> | undefined)?.amount);
    return {
      merchantId,
      method: req.method,
      path: req.url.split('?')[0]!,
      customer_uid: field(req, req.body, 'customer_uid'),
      merchant_uid: field(req, req.body, 'merchant_uid'),
      amount:
        (req.body as Record<string, unknown> | undefined)?.amount !== undefined && Number.isFinite(amount)
          ? amount
          : null,
    };
  };

  /** Act on a transport rule before the handler: an HTTP error, a delay, a dropped or hanging socket. */
  const transport = async (req: FastifyRequest, reply: FastifyReply, st: RequestState, rule: FaultRule) => {
    const e = rule.effect;
    switch (e.type) {
      case 'http_status':
        reply.code(e.status).send(errorBody(e.code, e.message ?? HTTP_REASON[e.status]!));
        return;
      case 'delay':
        // A client may give up first: the hold ends at its disconnect and the request runs on (and commits) then.
        // Its client may then keep a spare connection open, which close() must cut, as after a drop.
        socketFaults = true;
        await hold(reply, e.ms);
        return;
      case 'drop':
        socketFaults = true;
        recordRequest(sb, req, st, null, null, faultInfo(rule));
        reply.hijack();
        reply.raw.destroy();
        return;
      case 'hang':
        socketFaults = true;
        await hold(reply);
        recordRequest(sb, req, st, null, null, faultInfo(rule));
        reply.hijack();
        reply.raw.destroy();
        return;
      default:
        return; // ambiguous: acts in onSend, after the handler committed
    }
  };

  // Callback-style hooks, not async: most requests meet no rule, and need no promise to find that out. After a
  // reply was sent or hijacked, done() goes no further (Fastify looks at reply.sent).
  app.addHook('preValidation', (req, reply, done) => {
    const st = states.get(req);
    if (!st) return done();
    st.body = req.body;
    st.merchantId = requestMerchant(sb, req);
    // A merchant on its own clock journals its requests at its own time (the arrival was stamped on the sandbox clock).
    if (st.merchantId && sb.clocks.hasOwn(st.merchantId)) st.at = sb.clocks.of(st.merchantId).now();
    const rule = sb.faults.armed ? sb.faults.takeTransport(contextOf(req, st.merchantId)) : null;
    if (!rule) return done();
    st.fault = rule;
    transport(req, reply, st, rule).then(() => done(), done);
  });

  /** Act on an ambiguous rule after the handler committed: the client loses the answer (or gets an error instead). */
  const ambiguous = async (
    req: FastifyRequest,
    reply: FastifyReply,
    st: RequestState,
    rule: FaultRule,
    payload: unknown,
  ): Promise<unknown> => {
    const e = rule.effect as Extract<FaultRule['effect'], { type: 'ambiguous' }>;
    const handled = (() => {
      try {
        const c = JSON.parse(String(payload)).code;
        return typeof c === 'number' ? c : null;
      } catch {
        return null;
      }
    })();
    const info = { ...faultInfo(rule), handled_status: reply.statusCode, handled_code: handled };
    if (e.then === 'http_status') {
      const body = JSON.stringify(errorBody(-1, HTTP_REASON[e.status]!));
      reply.code(e.status).header('content-type', 'application/json; charset=utf-8');
      recordRequest(sb, req, st, e.status, body, info);
      return body;
    }
    socketFaults = true;
    if (e.then === 'hang') await hold(reply);
    recordRequest(sb, req, st, null, null, info);
    reply.raw.destroy();
    return payload;
  };

  app.addHook('onSend', (req, reply, payload, done) => {
    const st = states.get(req);
    const rule = st?.fault;
    if (!st || rule?.effect.type !== 'ambiguous') return done(null, payload);
    ambiguous(req, reply, st, rule, payload).then((p) => done(null, p), done);
  });

  // Release held requests before the server waits for its connections, or close would wait forever.
  app.addHook('preClose', async () => {
    for (const [done, hung] of [...held]) {
      hung?.raw.socket?.destroy();
      done();
    }
    // A client whose request was dropped or aborted may open a spare connection that never carries a request;
    // Node does not count it idle, so server.close() would wait for the client's keep-alive timer (4 s in undici).
    if (socketFaults) setImmediate(() => app.server.closeAllConnections?.());
  });
}
