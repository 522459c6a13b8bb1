// Payments REST API: lookups (/payments/{imp_uid}, /payments?imp_uid[]=, find, findAll, status), cancel and prepare.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import {
  CancelBodySchema,
  FindAllQuerySchema,
  FindQuerySchema,
  ImpUidParam,
  MerchantUidParam,
  MerchantUidStatusParam,
  MultiLookupQuerySchema,
  PaymentListSchema,
  PaymentLookupQuerySchema,
  PaymentStatusParam,
  PaymentSchema,
  PrepareBodySchema,
  PrepareSchema,
  StatusQuerySchema,
} from '../schemas/payments.js';
import {
  cancelPayment,
  findAllPayments,
  findPayment,
  getPayment,
  getPayments,
  getPrepare,
  paymentsByStatus,
  preparePayment,
  updatePrepare,
} from '../gateway/payments.js';
import { paymentBalance } from '../gateway/balance.js';
import { ok } from '../http/envelope.js';
import { PaymentBalanceResponseSchema } from '../schemas/codes.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const one = { 200: envelope(PaymentSchema) };
  const list = { 200: envelope(PaymentListSchema) };
  const prepared = { 200: envelope(PrepareSchema) };

  // Static segments (prepare, find, findAll, status) win over :imp_uid in Fastify's router, so their order here is free.
  app.get(
    '/payments/:imp_uid',
    {
      schema: {
        params: ImpUidParam,
        querystring: PaymentLookupQuerySchema,
        response: one,
      },
    },
    async (req) =>
      ok(getPayment(req.sb, req.merchant, req.params.imp_uid, { includeSandbox: req.query.include_sandbox })),
  );

  // A two-segment path: /payments/find/x and /payments/status/x still win (static segments first), and a payment whose
  // imp_uid is `find` or `status` cannot exist (ids are imp_/imps_ + digits).
  app.get(
    '/payments/:imp_uid/balance',
    { schema: { params: ImpUidParam, response: { 200: envelope(PaymentBalanceResponseSchema) } } },
    async (req) => ok(paymentBalance(req.sb, req.merchant, req.params.imp_uid)),
  );

  app.get(
    '/payments',
    {
      schema: {
        querystring: MultiLookupQuerySchema,
        response: { 200: envelope(z.array(PaymentSchema)), 207: envelope(z.array(PaymentSchema)) },
      },
    },
    async (req, reply) => {
      const r = getPayments(req.sb, req.merchant, req.query.imp_uid, req.query.merchant_uid);
      return reply.code(r.status).send(ok(r.list));
    },
  );

  // The router's ignoreTrailingSlash makes `/payments/find/m/` (what the Go client sends) land on the first route.
  app.get(
    '/payments/find/:merchant_uid',
    { schema: { params: MerchantUidParam, querystring: FindQuerySchema, response: one } },
    async (req) => ok(findPayment(req.sb, req.merchant, req.params.merchant_uid, undefined, req.query.sorting)),
  );
  app.get(
    '/payments/find/:merchant_uid/:payment_status',
    { schema: { params: MerchantUidStatusParam, querystring: FindQuerySchema, response: one } },
    async (req) =>
      ok(findPayment(req.sb, req.merchant, req.params.merchant_uid, req.params.payment_status, req.query.sorting)),
  );

  app.get(
    '/payments/findAll/:merchant_uid',
    { schema: { params: MerchantUidParam, querystring: FindAllQuerySchema, response: list } },
    async (req) => ok(findAllPayments(req.sb, req.merchant, req.params.merchant_uid, undefined, req.query)),
  );
  app.get(
    '/payments/findAll/:merchant_uid/:payment_status',
    { schema: { params: MerchantUidStatusParam, querystring: FindAllQuerySchema, response: list } },
    async (req) =>
      ok(findAllPayments(req.sb, req.merchant, req.params.merchant_uid, req.params.payment_status, req.query)),
  );

  app.get(
    '/payments/status/:payment_status',
    { schema: { params: PaymentStatusParam, querystring: StatusQuerySchema, response: list } },
    async (req) => ok(paymentsByStatus(req.sb, req.merchant, req.params.payment_status, req.query)),
  );

  app.post('/payments/cancel', { schema: { body: CancelBodySchema, response: one } }, async (req) =>
    ok(cancelPayment(req.sb, req.merchant, req.body).payment),
  );

  app.post('/payments/prepare', { schema: { body: PrepareBodySchema, response: prepared } }, async (req) =>
    ok(preparePayment(req.sb, req.merchant, req.body)),
  );
  app.put('/payments/prepare', { schema: { body: PrepareBodySchema, response: prepared } }, async (req) =>
    ok(updatePrepare(req.sb, req.merchant, req.body)),
  );
  app.get(
    '/payments/prepare/:merchant_uid',
    { schema: { params: MerchantUidParam, response: prepared } },
    async (req) => ok(getPrepare(req.sb, req.merchant, req.params.merchant_uid)),
  );
};
export default routes;
