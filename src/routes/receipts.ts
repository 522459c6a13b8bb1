// Cash receipts REST API: GET|POST|DELETE /receipts/{imp_uid} and /receipts/external/{merchant_uid}.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  getExternalReceipt,
  getReceipt,
  issueExternalReceipt,
  issueReceipt,
  revokeExternalReceipt,
  revokeReceipt,
} from '../gateway/receipts.js';
import { ok } from '../http/envelope.js';
import { envelope } from '../schemas/common.js';
import { ImpUidParam, MerchantUidParam } from '../schemas/payments.js';
import {
  ExternalReceiptSchema,
  IssueExternalReceiptBodySchema,
  IssueReceiptBodySchema,
  ReceiptSchema,
} from '../schemas/receipts.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const one = { params: ImpUidParam, response: { 200: envelope(ReceiptSchema) } };
  const ext = { params: MerchantUidParam, response: { 200: envelope(ExternalReceiptSchema) } };

  // /receipts/external/{merchant_uid} is one segment deeper than /receipts/{imp_uid}: they never collide.
  app.get('/receipts/:imp_uid', { schema: one }, async (req) =>
    ok(getReceipt(req.sb, req.merchant, req.params.imp_uid)),
  );
  app.post('/receipts/:imp_uid', { schema: { ...one, body: IssueReceiptBodySchema } }, async (req) =>
    ok(issueReceipt(req.sb, req.merchant, req.params.imp_uid, req.body)),
  );
  app.delete('/receipts/:imp_uid', { schema: one }, async (req) =>
    ok(revokeReceipt(req.sb, req.merchant, req.params.imp_uid)),
  );

  app.get('/receipts/external/:merchant_uid', { schema: ext }, async (req) =>
    ok(getExternalReceipt(req.sb, req.merchant, req.params.merchant_uid)),
  );
  app.post(
    '/receipts/external/:merchant_uid',
    { schema: { ...ext, body: IssueExternalReceiptBodySchema } },
    async (req) => ok(issueExternalReceipt(req.sb, req.merchant, req.params.merchant_uid, req.body)),
  );
  app.delete('/receipts/external/:merchant_uid', { schema: ext }, async (req) =>
    ok(revokeExternalReceipt(req.sb, req.merchant, req.params.merchant_uid)),
  );
};
export default routes;
