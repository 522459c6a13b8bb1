// The request journal's control endpoints: the list (GET /__sandbox/requests), the clear (DELETE) and the long poll
// (GET /__sandbox/requests/wait). The journal itself is sandbox/journal.ts; hooks/journal.ts writes it.
// /__sandbox/* itself is never journaled: the harness's own calls would only bury the app's.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findMerchant } from '../gateway/merchants.js';
import { ok } from '../http/envelope.js';
import type { JournalEntry } from '../sandbox/journal.js';
import { waitFor } from '../sandbox/wait.js';
import { envelope } from '../schemas/common.js';
import {
  JournalEntrySchema,
  JournalQuerySchema,
  JournalWaitQuerySchema,
  JournalWaitSchema,
  MerchantQuery,
  RemovedSchema,
} from '../schemas/sandbox.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  /** `?merchant=` as a merchant id, or undefined for every merchant. */
  const scope = (merchant: string | undefined) => (merchant ? findMerchant(sb.store, merchant).id : undefined);
  /** Aborted when the app closes: no wait holds close() up. */
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());

  app.get(
    '/__sandbox/requests',
    { schema: { querystring: JournalQuerySchema, response: { 200: envelope(z.array(JournalEntrySchema)) } } },
    async (req) => ok(sb.journal.list({ ...req.query, merchant: scope(req.query.merchant) })),
  );
  app.delete(
    '/__sandbox/requests',
    { schema: { querystring: MerchantQuery, response: { 200: envelope(RemovedSchema) } } },
    async (req) => ok({ removed: sb.journal.clear(scope(req.query.merchant)) }),
  );

  // The long poll: answers once `count` entries match, else at the timeout (or when the client leaves, or the app
  // closes) with what it has; `done` says which.
  app.get(
    '/__sandbox/requests/wait',
    { schema: { querystring: JournalWaitQuerySchema, response: { 200: envelope(JournalWaitSchema) } } },
    async (req, reply) => {
      const { count, timeout_ms, ...filters } = req.query;
      const q = { ...filters, merchant: scope(filters.merchant), limit: count };
      const gone = new AbortController();
      const abandon = () => gone.abort();
      req.raw.once('close', abandon);
      reply.raw.once('close', abandon);
      closing.signal.addEventListener('abort', abandon, { once: true });
      if (closing.signal.aborted) abandon();
      // The journal is looked at again only when it changed since the last look.
      let seen = -1;
      let last: JournalEntry[] = [];
      const probe = () => {
        if (sb.journal.generation !== seen) {
          seen = sb.journal.generation;
          last = sb.journal.list(q);
        }
        return last;
      };
      try {
        const r = await waitFor(probe, (l) => l.length >= count, { timeoutMs: timeout_ms, signal: gone.signal });
        return ok({ done: r.done, waited_ms: r.waited_ms, entries: r.value });
      } finally {
        req.raw.removeListener('close', abandon);
        reply.raw.removeListener('close', abandon);
        closing.signal.removeEventListener('abort', abandon);
      }
    },
  );
};
export default routes;
