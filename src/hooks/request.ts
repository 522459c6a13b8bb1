// What the request hooks keep about one request (from onRequest to onSend), and the payment fields they read from it.

import type { FastifyRequest } from 'fastify';
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
export function field(req: FastifyRequest, body: unknown, name: string): string | null {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const p = (req.params ?? {}) as Record<string, unknown>;
  const q = (req.query ?? {}) as Record<string, unknown>;
  return str(b[name]) ?? str(p[name]) ?? str(q[name]);
}

/**
 * Every merchant_uid of a request, first seen first: the single field, arrays of them (`merchant_uid[]` in a body or
 * query) and each entry of `schedules[]` (a schedule request names many payments).
 */
export function merchantUids(req: FastifyRequest, body: unknown): string[] {
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
