// Transport and ambiguous faults around a request (the rules of the one fault book, sandbox/faults.ts): before the
// handler (an HTTP error, a delay, a dropped or hanging socket; nothing is committed) and after it (the handler has
// committed; the client loses the answer). Held requests are released when the app closes, so app.close() completes.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from '../http/envelope.js';
import { HTTP_REASON } from '../http/messages.js';
import type { RequestContext } from '../sandbox/faults.js';
import { faultInfo, recordRequest } from './journal.js';
import { field, type RequestStates, requestMerchant } from './request.js';

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

  app.addHook('preValidation', async (req, reply) => {
    const st = states.get(req);
    if (!st) return;
    st.body = req.body;
    st.merchantId = requestMerchant(sb, req);
    // A merchant on its own clock journals its requests at its own time (the arrival was stamped on the sandbox clock).
    if (st.merchantId && sb.clocks.hasOwn(st.merchantId)) st.at = sb.clocks.of(st.merchantId).now();
    const amount = Number((req.body as Record<string, unknown> | undefined)?.amount);
    const ctx: RequestContext = {
      merchantId: st.merchantId,
      method: req.method,
      path: req.url.split('?')[0]!,
      customer_uid: field(req, req.body, 'customer_uid'),
      merchant_uid: field(req, req.body, 'merchant_uid'),
      amount:
        (req.body as Record<string, unknown> | undefined)?.amount !== undefined && Number.isFinite(amount)
          ? amount
          : null,
    };
    const rule = sb.faults.takeTransport(ctx);
    if (!rule) return;
    st.fault = rule;
    const e = rule.effect;
    switch (e.type) {
      case 'http_status':
        return reply.code(e.status).send(errorBody(e.code, e.message ?? HTTP_REASON[e.status]!));
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
        return reply;
      case 'hang':
        socketFaults = true;
        await hold(reply);
        recordRequest(sb, req, st, null, null, faultInfo(rule));
        reply.hijack();
        reply.raw.destroy();
        return reply;
      default:
        return; // ambiguous: acts in onSend, after the handler committed
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const st = states.get(req);
    const rule = st?.fault;
    if (st && rule?.effect.type === 'ambiguous') {
      const e = rule.effect;
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
    }
    return payload;
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
