// The control API's long polls: GET /__sandbox/webhooks/wait, /__sandbox/webhooks/idle and /__sandbox/schedules/wait.
// Each answers as soon as its condition holds, or with what it has at `timeout_ms`; a client that goes away or an app
// that closes ends the wait at once.

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findMerchant } from '../gateway/merchants.js';
import { type WaitLimits, waitDeliveries, waitIdle, waitSchedules } from '../gateway/waits.js';
import { ok } from '../http/envelope.js';
import { envelope } from '../schemas/common.js';
import { ScheduleWaitQuerySchema, ScheduleWaitSchema } from '../schemas/schedules.js';
import {
  WebhookIdleQuerySchema,
  WebhookIdleSchema,
  WebhookWaitQuerySchema,
  WebhookWaitSchema,
} from '../schemas/webhooks.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  /** `?merchant=` as a merchant id, or undefined for every merchant. */
  const scope = (merchant: string | undefined) => (merchant ? findMerchant(sb.store, merchant).id : undefined);

  // preClose, not onClose: onClose runs once the server has waited for the requests in flight, and a wait is one.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());

  /** Run `wait` until its timeout, the client's going away (the request's 'close') or the app's closing. */
  async function limited<T>(req: FastifyRequest, timeoutMs: number, wait: (limits: WaitLimits) => Promise<T>) {
    const ac = new AbortController();
    const abort = () => ac.abort();
    if (closing.signal.aborted) ac.abort();
    closing.signal.addEventListener('abort', abort, { once: true });
    req.raw.once('close', abort);
    try {
      return await wait({ timeoutMs, signal: ac.signal });
    } finally {
      closing.signal.removeEventListener('abort', abort);
      req.raw.off('close', abort);
    }
  }

  // The admin token (when configured) is checked for every /__sandbox/* route by the app-wide hook in hooks/admin.ts.
  app.get(
    '/__sandbox/webhooks/wait',
    {
      schema: {
        querystring: WebhookWaitQuerySchema,
        response: { 200: envelope(WebhookWaitSchema), 404: envelope(WebhookWaitSchema) },
      },
    },
    async (req) => {
      const { merchant, status, count, timeout_ms, ...f } = req.query;
      const filter = { ...f, merchant_id: scope(merchant), payment_status: status };
      return ok(await limited(req, timeout_ms, (limits) => waitDeliveries(sb, filter, count, limits)));
    },
  );

  app.get(
    '/__sandbox/webhooks/idle',
    {
      schema: {
        querystring: WebhookIdleQuerySchema,
        response: { 200: envelope(WebhookIdleSchema), 404: envelope(WebhookIdleSchema) },
      },
    },
    async (req) => {
      const merchantId = scope(req.query.merchant);
      return ok(await limited(req, req.query.timeout_ms, (limits) => waitIdle(sb, merchantId, limits)));
    },
  );

  app.get(
    '/__sandbox/schedules/wait',
    {
      schema: {
        querystring: ScheduleWaitQuerySchema,
        response: { 200: envelope(ScheduleWaitSchema), 404: envelope(ScheduleWaitSchema) },
      },
    },
    async (req) => {
      const { merchant, count, timeout_ms, ...f } = req.query;
      const filter = { ...f, merchant_id: scope(merchant) };
      return ok(await limited(req, timeout_ms, (limits) => waitSchedules(sb, filter, count, limits)));
    },
  );
};
export default routes;
