// The hooks around every request that is not /__sandbox/*: the admin-token guard for /__sandbox/*, transport and
// ambiguous faults (before and after the handler), and the request journal. Installed on the root instance by buildApp.

import { performance } from 'node:perf_hooks';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Sandbox } from '../context.js';
import type { FaultRule, RequestContext } from './faults.js';
import { keptHeaders, maskSecrets, type JournalEntry } from './journal.js';
import { ApiError } from '../gateway/errors.js';
import { tokenFromHeaders } from '../gateway/tokens.js';
import { errorBody as fail } from '../app.js';

const PREFIX = '/__sandbox/';

/**
 * Bodies larger than this are not kept in the journal, only their size: the ring holds JOURNAL_SIZE entries in memory,
 * and a thousand 1 MB bodies would be a gigabyte.
 */
const KEEP_BYTES = 64 * 1024;
const omitted = (n: number) => `[${n} bytes, not kept in the journal]`;

/**
 * Bodies of injected HTTP errors. Unconfirmed (api-v1.md §1.2 has no recorded 5xx/429 bodies): the real gateway's
 * load balancer may answer these without an envelope; we answer in the envelope (code -1) with the HTTP reason
 * phrase, so clients exercise their status-code branch, and a rule can give its own code and message.
 */
const STATUS_MESSAGES: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

interface RequestState {
  start: number;
  at: number;
  body: unknown;
  merchantId: string | null;
  fault: FaultRule | null;
  done: boolean;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** The merchant behind a request: its authenticated merchant, its token, or the imp_key of a getToken body. */
function requestMerchant(sb: Sandbox, req: FastifyRequest): string | null {
  if (req.merchant) return req.merchant.id;
  const token = tokenFromHeaders(req.headers);
  if (token) {
    const row = sb.store.tokens.get(token);
    if (row) return row.merchant_id;
  }
  const key = str((req.body as Record<string, unknown> | undefined)?.imp_key);
  return key ? (sb.store.merchants.byImpKey(key)?.id ?? null) : null;
}

function field(req: FastifyRequest, body: unknown, name: string): string | null {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const p = (req.params ?? {}) as Record<string, unknown>;
  const q = (req.query ?? {}) as Record<string, unknown>;
  return str(b[name]) ?? str(p[name]) ?? str(q[name]);
}

/**
 * Installs the control hooks on the root instance (so they wrap every route): transport faults before the handler,
 * ambiguous faults after it (the handler has committed; the client loses the answer), and the journal.
 * Held requests (hang, delay) are released when the app closes, so app.close() always completes.
 */
export function controlHooks(app: FastifyInstance): void {
  const sb = app.sb;
  const states = new WeakMap<FastifyRequest, RequestState>();
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

  const record = (
    req: FastifyRequest,
    st: RequestState,
    status: number | null,
    payload: unknown,
    fault: JournalEntry['fault'],
  ) => {
    if (st.done) return;
    st.done = true;
    // JOURNAL_SIZE=0 turns the journal off: then don't parse and mask bodies only to throw them away.
    if (sb.journal.size === 0) return;
    let response: unknown = null;
    let code: number | null = null;
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
      const text = payload.toString();
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'number')
          code = (parsed as { code: number }).code;
        const bytes = Buffer.byteLength(text);
        response = bytes > KEEP_BYTES ? omitted(bytes) : parsed;
      } catch {
        response = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
      }
    }
    const sent = Number(req.headers['content-length'] ?? 0);
    const [path, qs = ''] = req.url.split('?') as [string, string?];
    sb.journal.record({
      at: st.at,
      method: req.method,
      path,
      query: Object.fromEntries(new URLSearchParams(qs)),
      merchant: st.merchantId ?? requestMerchant(sb, req),
      customer_uid: field(req, st.body, 'customer_uid'),
      merchant_uid: field(req, st.body, 'merchant_uid'),
      status,
      code,
      // Wall time, not the sandbox clock: this measures the sandbox, it is no timestamp.
      duration_ms: Math.round((performance.now() - st.start) * 100) / 100,
      request_headers: keptHeaders(req.headers),
      request_body: sent > KEEP_BYTES ? omitted(sent) : maskSecrets(st.body ?? null),
      response_body: maskSecrets(response),
      fault,
    });
  };

  const faultInfo = (rule: FaultRule): NonNullable<JournalEntry['fault']> => ({
    id: rule.id,
    type: rule.effect.type,
    ...(rule.effect.type === 'ambiguous' ? { then: rule.effect.then } : {}),
  });

  // Admin token: when configured, every /__sandbox/* endpoint (whoever's plugin serves it) except health needs it.
  const adminToken = sb.config.SANDBOX_ADMIN_TOKEN;
  if (adminToken) {
    const expected = Buffer.from(adminToken);
    app.addHook('onRequest', async (req) => {
      // The matched route pattern, not the raw URL: a percent-encoded path (/%5F%5Fsandbox/...) reaches the same route.
      const route = req.routeOptions.url ?? req.url;
      if (!route.startsWith(PREFIX) || route === '/__sandbox/health') return;
      const h = req.headers['x-sandbox-admin-token'];
      const given =
        (Array.isArray(h) ? h[0] : h) ?? /^bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
      if (!given)
        throw new ApiError(
          401,
          -1,
          'Sandbox admin token required: send X-Sandbox-Admin-Token (or Authorization: Bearer <token>)',
        );
      const g = Buffer.from(given);
      if (g.length !== expected.length || !timingSafeEqual(g, expected))
        throw new ApiError(401, -1, 'Sandbox admin token is not valid');
    });
  }

  app.addHook('onRequest', async (req) => {
    if ((req.routeOptions.url ?? req.url).startsWith(PREFIX)) return; // the sandbox's own calls are not journaled
    states.set(req, {
      start: performance.now(),
      at: sb.clock.now(),
      body: undefined,
      merchantId: null,
      fault: null,
      done: false,
    });
  });

  app.addHook('preValidation', async (req, reply) => {
    const st = states.get(req);
    if (!st) return;
    st.body = req.body;
    st.merchantId = requestMerchant(sb, req);
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
    const rule = sb.faultRules.takeTransport(ctx);
    if (!rule) return;
    st.fault = rule;
    const e = rule.effect;
    switch (e.type) {
      case 'http_status':
        return reply.code(e.status).send(fail(e.code, e.message ?? STATUS_MESSAGES[e.status]!));
      case 'delay':
        await hold(reply, e.ms);
        return;
      case 'drop':
        socketFaults = true;
        record(req, st, null, null, faultInfo(rule));
        reply.hijack();
        reply.raw.destroy();
        return reply;
      case 'hang':
        socketFaults = true;
        await hold(reply);
        record(req, st, null, null, faultInfo(rule));
        reply.hijack();
        reply.raw.destroy();
        return reply;
      default:
        return; // ambiguous: acts in onSend, after the handler committed
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const st = states.get(req);
    if (!st) return payload;
    const rule = st.fault;
    if (rule?.effect.type === 'ambiguous') {
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
        const body = JSON.stringify(fail(-1, STATUS_MESSAGES[e.status]!));
        reply.code(e.status).header('content-type', 'application/json; charset=utf-8');
        record(req, st, e.status, body, info);
        return body;
      }
      socketFaults = true;
      if (e.then === 'hang') await hold(reply);
      record(req, st, null, null, info);
      reply.raw.destroy();
      return payload;
    }
    record(req, st, reply.statusCode, payload, rule ? faultInfo(rule) : null);
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
