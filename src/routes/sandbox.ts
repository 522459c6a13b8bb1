// The sandbox's own endpoints under /__sandbox/: health, reset, clock, faults, request journal, merchants.
// (The hooks that apply faults and write the journal around every other request live in sandbox/hooks.ts.)

import { performance } from 'node:perf_hooks';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VERSION } from '../version.js';
import type { Sandbox } from '../context.js';
import { envelope } from '../schemas/common.js';
import {
  ClockBodySchema,
  ClockSchema,
  CreateMerchantBodySchema,
  JournalEntrySchema,
  JournalQuerySchema,
  MerchantViewSchema,
  PatchMerchantBodySchema,
  RemovedSchema,
  ResetBodySchema,
  ResetResultSchema,
  type ClockView,
  type MerchantView,
} from '../schemas/sandbox.js';
import { FaultRuleBodySchema, FaultRuleSchema } from '../sandbox/faults.js';
import { createMerchant, type Merchant } from '../gateway/merchants.js';
import { ApiError } from '../gateway/errors.js';
import { ok } from '../app.js';

// Messages of the control API are ours (English: it is a test tool, not a copy of i'mport).
const unknownMerchant = (m: string) => new ApiError(404, -1, `Unknown merchant "${m}" (give its id or merchant code)`);

function findMerchant(sb: Sandbox, idOrCode: string): Merchant {
  const m = sb.store.merchants.find(idOrCode);
  if (!m) throw unknownMerchant(idOrCode);
  return m;
}

export function clockView(sb: Sandbox): ClockView {
  const now = sb.clock.now();
  return { now, now_iso: new Date(now).toISOString(), now_seconds: Math.floor(now / 1000), mode: sb.clock.mode };
}

function merchantView(sb: Sandbox, m: Merchant): MerchantView {
  return { ...m, fixture: sb.store.merchants.isFixture(m.id) };
}

// ---- the routes ----

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;

  app.get('/__sandbox/health', async () => ({ status: 'ok', version: VERSION }));

  // Reset: data back to fixtures; faults and journal entries of the same scope go too. The clock is left alone
  // (it is shared by every tenant; move it with POST /__sandbox/clock).
  /** Empty one merchant's data, rules and journal entries (or everything); what reset and merchant deletion share. */
  const wipe = (merchantId?: string) => {
    sb.reset(merchantId);
    return { faults_removed: sb.faultRules.clear(merchantId), requests_removed: sb.journal.clear(merchantId) };
  };
  app.post(
    '/__sandbox/reset',
    { schema: { body: ResetBodySchema, response: { 200: envelope(ResetResultSchema) } } },
    async (req) => {
      const t0 = performance.now();
      const merchant = req.body?.merchant ? findMerchant(sb, req.body.merchant) : null;
      const removed = wipe(merchant?.id);
      return ok({
        merchant: merchant?.id ?? null,
        ...removed,
        took_ms: Math.round((performance.now() - t0) * 100) / 100,
      });
    },
  );

  app.get('/__sandbox/clock', { schema: { response: { 200: envelope(ClockSchema) } } }, async () => ok(clockView(sb)));
  // Clock listeners (scheduled payments) run synchronously inside set/advance, so they are done when this answers.
  app.post(
    '/__sandbox/clock',
    { schema: { body: ClockBodySchema, response: { 200: envelope(ClockSchema) } } },
    async (req) => {
      const b = req.body;
      if (b.advance_seconds !== undefined) sb.clock.advance(b.advance_seconds * 1000);
      else if (typeof b.set === 'number') sb.clock.set(b.set * 1000);
      else if (b.set !== undefined) sb.clock.set(Date.parse(b.set));
      return ok(clockView(sb));
    },
  );

  // Faults.
  const MerchantQuery = z.object({ merchant: z.string().min(1).optional() }).strict();
  app.post(
    '/__sandbox/faults',
    { schema: { body: FaultRuleBodySchema, response: { 200: envelope(FaultRuleSchema) } } },
    async (req) => {
      const merchant = req.body.match.merchant ? findMerchant(sb, req.body.match.merchant) : undefined;
      return ok(sb.faultRules.add(req.body, merchant?.id));
    },
  );
  app.get(
    '/__sandbox/faults',
    { schema: { querystring: MerchantQuery, response: { 200: envelope(z.array(FaultRuleSchema)) } } },
    async (req) => ok(sb.faultRules.list(req.query.merchant ? findMerchant(sb, req.query.merchant).id : undefined)),
  );
  app.delete(
    '/__sandbox/faults/:id',
    {
      schema: {
        params: z.object({ id: z.string() }),
        response: { 200: envelope(RemovedSchema), 404: envelope(RemovedSchema) },
      },
    },
    async (req) => {
      if (!sb.faultRules.remove(req.params.id))
        throw new ApiError(404, -1, `No fault rule "${req.params.id}" (it may have been used up)`);
      return ok({ removed: 1 });
    },
  );
  app.delete(
    '/__sandbox/faults',
    { schema: { querystring: MerchantQuery, response: { 200: envelope(RemovedSchema) } } },
    async (req) =>
      ok({ removed: sb.faultRules.clear(req.query.merchant ? findMerchant(sb, req.query.merchant).id : undefined) }),
  );

  // Journal. /__sandbox/* itself is never journaled: the harness's own calls would only bury the app's.
  app.get(
    '/__sandbox/requests',
    { schema: { querystring: JournalQuerySchema, response: { 200: envelope(z.array(JournalEntrySchema)) } } },
    async (req) => {
      const q = req.query;
      return ok(sb.journal.list({ ...q, merchant: q.merchant ? findMerchant(sb, q.merchant).id : undefined }));
    },
  );
  app.delete(
    '/__sandbox/requests',
    { schema: { querystring: MerchantQuery, response: { 200: envelope(RemovedSchema) } } },
    async (req) =>
      ok({ removed: sb.journal.clear(req.query.merchant ? findMerchant(sb, req.query.merchant).id : undefined) }),
  );

  // Merchants (tenants). Secrets are shown: this is a test tool, guarded by the admin token off loopback.
  const merchantResponse = { 200: envelope(MerchantViewSchema), 404: envelope(MerchantViewSchema) };
  app.post(
    '/__sandbox/merchants',
    { schema: { body: CreateMerchantBodySchema, response: merchantResponse } },
    async (req) => ok(merchantView(sb, createMerchant(sb, req.body ?? {}))),
  );
  app.get('/__sandbox/merchants', { schema: { response: { 200: envelope(z.array(MerchantViewSchema)) } } }, async () =>
    ok(sb.store.merchants.all().map((m) => merchantView(sb, m))),
  );
  const IdParam = z.object({ id: z.string().min(1) });
  app.get('/__sandbox/merchants/:id', { schema: { params: IdParam, response: merchantResponse } }, async (req) =>
    ok(merchantView(sb, findMerchant(sb, req.params.id))),
  );
  app.patch(
    '/__sandbox/merchants/:id',
    { schema: { params: IdParam, body: PatchMerchantBodySchema, response: merchantResponse } },
    async (req) => {
      const m = findMerchant(sb, req.params.id);
      const next: Merchant = { ...m };
      if (req.body.name !== undefined) next.name = req.body.name;
      if (req.body.webhook_url !== undefined) next.webhook_url = req.body.webhook_url;
      if (req.body.webhook_format !== undefined) next.webhook_format = req.body.webhook_format;
      sb.store.merchants.update(next);
      return ok(merchantView(sb, next));
    },
  );
  // A CI worker removes its own tenant when done: its data, rules and journal entries go with it. Fixture merchants stay.
  app.delete(
    '/__sandbox/merchants/:id',
    { schema: { params: IdParam, response: { ...merchantResponse, 400: envelope(MerchantViewSchema) } } },
    async (req) => {
      const m = findMerchant(sb, req.params.id);
      const view = merchantView(sb, m);
      if (view.fixture)
        throw new ApiError(
          400,
          -1,
          `Merchant "${m.id}" comes from fixtures and cannot be deleted; reset it with POST /__sandbox/reset {"merchant":"${m.id}"}`,
        );
      wipe(m.id);
      sb.store.merchants.remove(m.id);
      return ok(view);
    },
  );
};
export default routes;
