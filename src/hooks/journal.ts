// The request journal's hook: every answered request that is not /__sandbox/* goes into the journal, its secrets and
// card numbers masked (sandbox/journal.ts keeps the ring).

import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Sandbox } from '../gateway/context.js';
import { clipText, type JournalEntry, keptHeaders, maskSecrets, SentJson } from '../sandbox/journal.js';
import type { FaultRule } from '../schemas/faults.js';
import { field, merchantUids, type RequestState, type RequestStates, requestMerchant } from './request.js';

/**
 * Bodies larger than this are not kept in the journal, only their size: each of the (JOURNAL_MERCHANTS + 1) rings holds
 * JOURNAL_SIZE entries in memory, and a thousand 1 MB bodies would be a gigabyte.
 */
const KEEP_BYTES = 64 * 1024;
/** Answers of at most this many characters are kept as their text, longer ones as their bytes deflated (SentJson). */
const KEEP_AS_TEXT = 4096;
const omitted = (n: number) => `[${n} bytes, not kept in the journal]`;
/** The start of an answer in our envelope, `{"code":<n>,`. */
const ENVELOPE = /^\{"code":(-?\d+)[,}]/;

/**
 * Journal one request, once (whichever of the fault hooks and onSend sees its end first). Returns the answer to send:
 * the same bytes, as a Buffer when the journal made one to keep.
 */
export const recordRequest = (
  sb: Pick<Sandbox, 'journal' | 'store'>,
  req: FastifyRequest,
  st: RequestState,
  status: number | null,
  payload: unknown,
  fault: JournalEntry['fault'],
): unknown => {
  if (st.done) return payload;
  st.done = true;
  // JOURNAL_SIZE=0 turns the journal off: then don't parse and mask bodies only to throw them away.
  if (sb.journal.size === 0) return payload;
  let answer = payload;
  let response: unknown = null;
  let code: number | null = null;
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    const text = typeof payload === 'string' ? payload : null;
    const envelope = ENVELOPE.exec(text === null ? payload.toString('latin1', 0, 24) : text.slice(0, 24));
    if (envelope) {
      // Our own envelope (JSON.stringify writes `code` first): kept as it was sent, parsed and masked only if the journal
      // is read. A long text is sent as its UTF-8 bytes (Node would otherwise encode it on the socket all the same) and
      // kept as those bytes deflated (SentJson.ofBytes says why). A short one stays the text: the lookup's answer is the
      // serializer's remembered text, shared, and a Buffer for it cost the lookup 30% more CPU (an allocation per
      // answer, and Node writes a Buffer body apart from the headers).
      code = Number(envelope[1]);
      if (text !== null && text.length <= KEEP_AS_TEXT) response = new SentJson(text);
      else {
        const bytes = text === null ? (payload as Buffer) : Buffer.from(text);
        answer = bytes;
        response = bytes.length > KEEP_BYTES ? omitted(bytes.length) : SentJson.ofBytes(bytes);
      }
    } else {
      const other = text ?? payload.toString();
      try {
        const parsed = JSON.parse(other);
        if (parsed && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'number')
          code = (parsed as { code: number }).code;
        const bytes = Buffer.byteLength(other);
        response = bytes > KEEP_BYTES ? omitted(bytes) : maskSecrets(parsed);
      } catch {
        response = clipText(other);
      }
    }
  }
  const url = req.url;
  const qAt = url.indexOf('?');
  // What the detail reads does not change after the request: its body as received (the routes get a validated copy),
  // its URL, its parsed path and query parameters. The kept headers are taken now (a browser's headers, cookies and
  // all, are not held for an entry's life); a body over KEEP_BYTES is not held at all, only its ids and size.
  const { params, query: parsedQuery } = req;
  const requestHeaders = keptHeaders(req.headers);
  const sent = Number(req.headers['content-length'] ?? 0);
  const from = { params, query: parsedQuery };
  const large = sent > KEEP_BYTES;
  const ids = large ? paymentIds(from, st.body) : null;
  const body = large ? undefined : st.body;
  sb.journal.recordLazy(
    {
      at: st.at,
      method: req.method,
      path: qAt < 0 ? url : url.slice(0, qAt),
      merchant: st.merchantId ?? requestMerchant(sb, req),
      status,
      code,
      // Wall time, not the sandbox clock: this measures the sandbox, it is no timestamp.
      duration_ms: Math.round((performance.now() - st.start) * 100) / 100,
      response_body: response,
      fault,
    },
    () => ({
      query: qAt < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(qAt + 1))),
      ...(ids ?? paymentIds(from, body)),
      request_headers: requestHeaders,
      request_body: large ? omitted(sent) : maskSecrets(body ?? null),
    }),
  );
  return answer;
};

/** The payment ids of a request, which the journal's filters match. */
const paymentIds = (from: Pick<FastifyRequest, 'params' | 'query'>, body: unknown) => ({
  customer_uid: field(from, body, 'customer_uid'),
  merchant_uid: field(from, body, 'merchant_uid'),
  merchant_uids: merchantUids(from, body),
});

export const faultInfo = (rule: FaultRule): NonNullable<JournalEntry['fault']> => ({
  id: rule.id,
  type: rule.effect.type,
  ...(rule.effect.type === 'ambiguous' ? { then: rule.effect.then } : {}),
});

/** The last onSend: journal what the client was sent (unless a fault hook has journaled the request already). */
export function journalHooks(app: FastifyInstance, states: RequestStates): void {
  const sb = app.sb;
  app.addHook('onSend', (req, reply, payload, done) => {
    const st = states.get(req);
    done(
      null,
      st ? recordRequest(sb, req, st, reply.statusCode, payload, st.fault ? faultInfo(st.fault) : null) : payload,
    );
  });
}
