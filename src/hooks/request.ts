// What the request hooks keep about one request (from onRequest to onSend), and the payment fields they read from it.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Sandbox } from '../gateway/context.js';
import { tokenFromHeaders } from '../gateway/tokens.js';
import type { FaultRule } from '../schemas/faults.js';

/** The sandbox's own calls (/__sandbox/*) are neither journaled nor subject to faults. */
export const CONTROL_PREFIX = '/__sandbox/';

export interface RequestState {
  /** performance.now() when the request arrived (the journal's duration is wall time). */
  start: number;
  /** Sandbox clock when the request arrived, ms. */
  at: number;
  body: unknown;
  merchantId: string | null;
  /** The transport or ambiguous rule that took this request, if any. */
  fault: FaultRule | null;
  /** Set once the journal has the request (a dropped socket is journaled before onSend, which then skips it). */
  done: boolean;
}

/** One state per request in flight; a WeakMap, so a request that never reaches onSend leaves nothing behind. */
export type RequestStates = WeakMap<FastifyRequest, RequestState>;

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** The merchant behind a request: its authenticated merchant, its token, or the imp_key of a getToken body. */
export function requestMerchant(sb: Pick<Sandbox, 'store'>, req: FastifyRequest): string | null {
  if (req.merchant) return req.merchant.id;
  const token = tokenFromHeaders(req.headers);
  if (token) {
    const row = sb.store.tokens.get(token);
    if (row) return row.merchant_id;
  }
  const key = str((req.body as Record<string, unknown> | undefined)?.imp_key);
  return key ? (sb.store.merchants.byImpKey(key)?.id ?? null) : null;
}

/** A payment field of the request: from the body, else the path parameters, else the query. */
export function field(req: Pick<FastifyRequest, 'params' | 'query'>, body: unknown, name: string): string | null {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const p = (req.params ?? {}) as Record<string, unknown>;
  const q = (req.query ?? {}) as Record<string, unknown>;
  return str(b[name]) ?? str(p[name]) ?? str(q[name]);
}

/**
 * Every merchant_uid of a request, first seen first: the single field, arrays of them (`merchant_uid[]` in a body or
 * query) and each entry of `schedules[]` (a schedule request names many payments).
 */
export function merchantUids(req: Pick<FastifyRequest, 'params' | 'query'>, body: unknown): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) {
      const s = str(x);
      if (s !== null) out.add(s);
    }
  };
  const single = field(req, body, 'merchant_uid');
  if (single !== null) out.add(single);
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const q = (req.query ?? {}) as Record<string, unknown>;
  for (const source of [b, q])
    for (const [k, v] of Object.entries(source)) if (/^merchant_uid(\[\d*\])?$/.test(k)) add(v);
  if (Array.isArray(b.schedules))
    for (const s of b.schedules) if (s && typeof s === 'object') add((s as Record<string, unknown>).merchant_uid);
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------------------
// Lenient reading of requests: the shapes the official clients send that the real server reads as a plain absence.
// Decided once here for every REST route, so no schema has to know which client leaves a field null or empty.

/** Methods whose body the routes read. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON `null` is "absent" (iamport-rest-client-php 2.x sends every field it was not given as null, `extraCondition`
 * included): keys holding null are dropped at every depth (array items are kept, their own null keys dropped).
 * Returns a copy, so the journal keeps the body as sent.
 */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

/**
 * Form field names lose their leading whitespace. go-iamport turns a JSON object into a form by deleting `{}"` and
 * swapping `:`→`=` and `,`→`&`, so `{"imp_key":"k", "imp_secret":"s"}` arrives as `imp_key=k& imp_secret=s`; its tests
 * get tokens and charge cards against api.iamport.kr, so the real server reads ` imp_secret` as `imp_secret`.
 * Unconfirmed how it treats other odd names (PHP's form reader, for one, also turns inner spaces and dots into `_`):
 * only the leading whitespace is dropped here, and a name already present wins over a trimmed one.
 */
export function trimFormNames(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(body);
  for (const [k, v] of entries) if (k.trimStart() === k) out[k] = v;
  for (const [k, v] of entries) {
    const name = k.trimStart();
    if (name !== k && name !== '' && !(name in out)) out[name] = v;
  }
  return out;
}

/**
 * Query parameters with an empty value are absent: go-iamport always sends `schedule-status=` (empty when not asked)
 * and its own tests of that call pass against the real server; Node's `querystring` writes `x=` for an undefined x.
 * Repeated parameters (arrays) are kept as sent.
 */
export function withoutEmptyParams(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) if (v !== '') out[k] = v;
  return out;
}

/**
 * Installs the lenient reading on the root instance (every route but the sandbox's own /__sandbox/* controls):
 * - an empty body under a JSON Content-Type is no body (iamport-rest-client-php 1.x sends `Content-Type:
 *   application/json` on its body-less DELETE, 2.x on every request; Fastify's own parser refuses an empty JSON body);
 * - a POST/PUT/PATCH with no body (or a JSON `null`) reads as `{}`, so a missing parameter is refused by name, as the
 *   real server's "파라메터가 누락되었습니다" refusals do, rather than as "the body is not an object";
 * - then the rules above: null keys dropped, form names trimmed, empty query values dropped.
 * Registered after the fault and journal hooks, which keep the request as it was sent.
 */
export function lenientRequests(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    json(req, body as string, done);
  });
  // Callback-style, not async: no promise per request (a throw is Fastify's error, as a rejection would be).
  app.addHook('preValidation', (req, _reply, done) => {
    if ((req.routeOptions.url ?? req.url).startsWith(CONTROL_PREFIX)) return done();
    req.query = withoutEmptyParams(req.query) as typeof req.query;
    if (!BODY_METHODS.has(req.method) && req.body === undefined) return done();
    let body: unknown = withoutNulls(req.body ?? {});
    if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      body = trimFormNames(body);
    req.body = body;
    done();
  });
}
