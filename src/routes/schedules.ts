// Scheduled payments: /subscribe/payments/schedule*, /subscribe/payments/unschedule and /subscribe/customers/{uid}/schedules.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope, paged } from '../schemas/common.js';
import { CustomerUidParam } from '../schemas/subscribe.js';
import {
  CustomerScheduleQuerySchema,
  MerchantUidParam,
  RescheduleBodySchema,
  ScheduleBodySchema,
  ScheduleListQuerySchema,
  ScheduleSchema,
  UnscheduleBodySchema,
} from '../schemas/schedules.js';
import {
  createSchedules,
  customerSchedules,
  getSchedule,
  listSchedules,
  moveSchedule,
  rescheduleSchedule,
  retrySchedule,
  revokeSchedules,
} from '../gateway/schedules.js';
import { PaymentSchema } from '../schemas/payments.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  const one = { 200: envelope(ScheduleSchema), 400: envelope(ScheduleSchema), 404: envelope(ScheduleSchema) };
  const many = { 200: envelope(z.array(ScheduleSchema)) };
  const list = { 200: envelope(paged(ScheduleSchema)), 400: envelope(paged(ScheduleSchema)) };

  app.post('/subscribe/payments/schedule', { schema: { body: ScheduleBodySchema, response: many } }, async (req) =>
    ok(createSchedules(req.sb, req.merchant, req.body)),
  );
  app.post('/subscribe/payments/unschedule', { schema: { body: UnscheduleBodySchema, response: many } }, async (req) =>
    ok(revokeSchedules(req.sb, req.merchant, req.body)),
  );
  app.get(
    '/subscribe/payments/schedule',
    { schema: { querystring: ScheduleListQuerySchema, response: list } },
    async (req) => ok(listSchedules(req.sb, req.merchant, req.query)),
  );
  app.get(
    '/subscribe/payments/schedule/:merchant_uid',
    { schema: { params: MerchantUidParam, response: one } },
    async (req) => ok(getSchedule(req.sb, req.merchant, req.params.merchant_uid)),
  );
  app.put(
    '/subscribe/payments/schedule/:merchant_uid',
    { schema: { params: MerchantUidParam, body: RescheduleBodySchema, response: one } },
    async (req) => ok(moveSchedule(req.sb, req.merchant, req.params.merchant_uid, req.body.schedule_at)),
  );
  app.post(
    '/subscribe/payments/schedule/:merchant_uid/reschedule',
    { schema: { params: MerchantUidParam, body: RescheduleBodySchema, response: one } },
    async (req) => ok(rescheduleSchedule(req.sb, req.merchant, req.params.merchant_uid, req.body.schedule_at)),
  );
  app.post(
    '/subscribe/payments/schedule/:merchant_uid/retry',
    {
      schema: {
        params: MerchantUidParam,
        response: { 200: envelope(PaymentSchema), 400: envelope(PaymentSchema), 404: envelope(PaymentSchema) },
      },
    },
    async (req) =>
      ok(
        retrySchedule(req.sb, req.merchant, req.params.merchant_uid, {
          method: req.method,
          path: req.routeOptions.url ?? req.url,
        }),
      ),
  );
  const byCustomer = { schema: { params: CustomerUidParam, querystring: CustomerScheduleQuerySchema, response: list } };
  app.get('/subscribe/payments/schedule/customers/:customer_uid', byCustomer, async (req) =>
    ok(customerSchedules(req.sb, req.merchant, req.params.customer_uid, req.query)),
  );
  app.get('/subscribe/customers/:customer_uid/schedules', byCustomer, async (req) =>
    ok(customerSchedules(req.sb, req.merchant, req.params.customer_uid, req.query)),
  );

  // No timer outlives the app (the sandbox's close stops them too; this covers an app closed on its own).
  app.addHook('onClose', async () => sb.schedules.stop());
};
export default routes;
