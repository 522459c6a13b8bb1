// The sandbox's own endpoints under /__sandbox/: health, reset, clock, faults, merchants. The request journal's are
// in journal.ts. (The hooks that apply faults and write the journal around every other request live in hooks/.)

import { performance } from 'node:perf_hooks';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Sandbox } from '../gateway/context.js';
import { createMerchant, findMerchant, merchantView, updateMerchant } from '../gateway/merchants.js';
import { CMSG } from '../http/control-messages.js';
import { ok } from '../http/envelope.js';
import { badRequest, notFound } from '../http/errors.js';
import { envelope } from '../schemas/common.js';
import { FaultRuleBodySchema, FaultRuleSchema } from '../schemas/faults.js';
import {
  ClockBodySchema,
  ClockQuerySchema,
  type ClockView,
  ClockSchema,
  CreateMerchantBodySchema,
  FaultIdParam,
  IdParam,
  MerchantQuery,
  MerchantViewSchema,
  PatchMerchantBodySchema,
  RemovedSchema,
  ResetBodySchema,
  ResetResultSchema,
} from '../schemas/sandbox.js';
import { VERSION } from '../version.js';

export function clockView(sb: Pick<Sandbox, 'clocks'>, merchantId?: string): ClockView {
  const c = sb.clocks.of(merchantId);
  const now = c.now();
  const view: ClockView = {
    now,
    now_iso: new Date(now).toISOString(),
    now_seconds: Math.floor(now / 1000),
    mode: c.mode,
  };
  return merchantId === undefined ? view : { ...view, merchant: merchantId, own: sb.clocks.hasOwn(merchantId) };
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  /** `?merchant=` as a merchant id, or undefined for every merchant. */
  const scope = (merchant: string | undefined) => (merchant ? findMerchant(sb.store, merchant).id : undefined);

  app.get('/__sandbox/health', async () => ({ status: 'ok', version: VERSION }));

  // Reset: data back to fixtures; faults and journal entries of the same scope go too. The clock is left alone
  // (it is shared by every tenant; move it with POST /__sandbox/clock).
  app.post(
    '/__sandbox/reset',
    { schema: { body: ResetBodySchema, response: { 200: envelope(ResetResultSchema) } } },
    async (req) => {
      const t0 = performance.now();
      const merchant = req.body?.merchant ? findMerchant(sb.store, req.body.merchant) : null;
      const removed = sb.reset(merchant?.id);
      return ok({
        merchant: merchant?.id ?? null,
        ...removed,
        took_ms: Math.round((performance.now() - t0) * 100) / 100,
      });
    },
  );

  app.get(
    '/__sandbox/clock',
    { schema: { querystring: ClockQuerySchema, response: { 200: envelope(ClockSchema) } } },
    async (req) => ok(clockView(sb, scope(req.query.merchant))),
  );
  // Clock listeners (scheduled payments) run synchronously inside set/advance, so they are done when this answers.
  // With `merchant`, only that merchant's own clock moves (it gets one the first time); the sandbox clock stays.
  app.post(
    '/__sandbox/clock',
    { schema: { body: ClockBodySchema, response: { 200: envelope(ClockSchema) } } },
    async (req) => {
      const b = req.body;
      const merchantId = scope(b.merchant);
      const c = merchantId === undefined ? sb.clocks.root : sb.clocks.ownClock(merchantId);
      if (b.advance_seconds !== undefined) c.advance(b.advance_seconds * 1000);
      else if (typeof b.set === 'number') c.set(b.set * 1000);
      else if (b.set !== undefined) c.set(Date.parse(b.set));
      return ok(clockView(sb, merchantId));
    },
  );

  // Faults.
  app.post(
    '/__sandbox/faults',
    { schema: { body: FaultRuleBodySchema, response: { 200: envelope(FaultRuleSchema) } } },
    async (req) => ok(sb.faults.add(req.body, scope(req.body.match.merchant))),
  );
  app.get(
    '/__sandbox/faults',
    { schema: { querystring: MerchantQuery, response: { 200: envelope(z.array(FaultRuleSchema)) } } },
    async (req) => ok(sb.faults.list(scope(req.query.merchant))),
  );
  app.delete(
    '/__sandbox/faults/:id',
    { schema: { params: FaultIdParam, response: { 200: envelope(RemovedSchema), 404: envelope(RemovedSchema) } } },
    async (req) => {
      if (!sb.faults.remove(req.params.id)) throw notFound(CMSG.unknownFault(req.params.id));
      return ok({ removed: 1 });
    },
  );
  app.delete(
    '/__sandbox/faults',
    { schema: { querystring: MerchantQuery, response: { 200: envelope(RemovedSchema) } } },
    async (req) => ok({ removed: sb.faults.clear(scope(req.query.merchant)) }),
  );

  // Merchants (tenants). Secrets are shown: this is a test tool, guarded by the admin token off loopback.
  const merchantResponse = { 200: envelope(MerchantViewSchema), 404: envelope(MerchantViewSchema) };
  app.post(
    '/__sandbox/merchants',
    { schema: { body: CreateMerchantBodySchema, response: merchantResponse } },
    async (req) => ok(merchantView(sb.store, createMerchant(sb, req.body ?? {}))),
  );
  app.get('/__sandbox/merchants', { schema: { response: { 200: envelope(z.array(MerchantViewSchema)) } } }, async () =>
    ok(sb.store.merchants.all().map((m) => merchantView(sb.store, m))),
  );
  app.get('/__sandbox/merchants/:id', { schema: { params: IdParam, response: merchantResponse } }, async (req) =>
    ok(merchantView(sb.store, findMerchant(sb.store, req.params.id))),
  );
  app.patch(
    '/__sandbox/merchants/:id',
    { schema: { params: IdParam, body: PatchMerchantBodySchema, response: merchantResponse } },
    async (req) => ok(merchantView(sb.store, updateMerchant(sb.store, req.params.id, req.body))),
  );
  // A CI worker removes its own tenant when done: its data, rules and journal entries go with it. Fixture merchants stay.
  app.delete(
    '/__sandbox/merchants/:id',
    { schema: { params: IdParam, response: { ...merchantResponse, 400: envelope(MerchantViewSchema) } } },
    async (req) => {
      const m = findMerchant(sb.store, req.params.id);
      const view = merchantView(sb.store, m);
      if (view.fixture) throw badRequest(CMSG.fixtureMerchant(m.id));
      sb.reset(m.id);
      sb.store.merchants.remove(m.id);
      return ok(view);
    },
  );
};
export default routes;
