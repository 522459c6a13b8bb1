// Escrow delivery info (GET|POST|PUT /escrows/logis/{imp_uid}) and convenience-store payments (POST /cvs,
// DELETE /cvs/{imp_uid}).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { envelope } from '../schemas/common.js';
import { CvsBodySchema } from '../schemas/cvs.js';
import { EscrowLogisBodySchema, EscrowLogisSchema } from '../schemas/escrow.js';
import { ImpUidParam, PaymentSchema } from '../schemas/payments.js';
import { issueCvs, revokeCvs } from '../gateway/cvs.js';
import { editEscrowLogis, getEscrowLogis, saveEscrowLogis } from '../gateway/escrow.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const logis = { 200: envelope(EscrowLogisSchema) };
  const payment = { 200: envelope(PaymentSchema) };

  app.get('/escrows/logis/:imp_uid', { schema: { params: ImpUidParam, response: logis } }, async (req) =>
    ok(getEscrowLogis(req.sb, req.merchant, req.params.imp_uid)),
  );
  app.post(
    '/escrows/logis/:imp_uid',
    { schema: { params: ImpUidParam, body: EscrowLogisBodySchema, response: logis } },
    async (req) => ok(saveEscrowLogis(req.sb, req.merchant, req.params.imp_uid, req.body)),
  );
  app.put(
    '/escrows/logis/:imp_uid',
    { schema: { params: ImpUidParam, body: EscrowLogisBodySchema, response: logis } },
    async (req) => ok(editEscrowLogis(req.sb, req.merchant, req.params.imp_uid, req.body)),
  );

  app.post('/cvs', { schema: { body: CvsBodySchema, response: payment } }, async (req) =>
    ok(issueCvs(req.sb, req.merchant, req.body)),
  );
  app.delete('/cvs/:imp_uid', { schema: { params: ImpUidParam, response: payment } }, async (req) =>
    ok(revokeCvs(req.sb, req.merchant, req.params.imp_uid)),
  );
};
export default routes;
