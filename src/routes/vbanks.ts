// Virtual accounts by REST: POST /vbanks, PUT and DELETE /vbanks/{imp_uid}, and the holder lookup GET /vbanks/holder.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createVbank, modifyVbank, revokeVbank, vbankHolder } from '../gateway/vbanks.js';
import { ok } from '../http/envelope.js';
import { badRequest } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import { envelope } from '../schemas/common.js';
import { PaymentSchema } from '../schemas/payments.js';
import {
  CreateVbankBodySchema,
  ModifyVbankBodySchema,
  VbankHolderQuerySchema,
  VbankHolderSchema,
  VbankImpUidParam,
  VbankQuerySchema,
} from '../schemas/vbanks.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const one = { 200: envelope(PaymentSchema) };

  app.post(
    '/vbanks',
    { schema: { body: CreateVbankBodySchema, querystring: VbankQuerySchema, response: one } },
    async (req) => ok(createVbank(req.sb, req.merchant, req.body, req.headers['user-agent'] ?? null)),
  );
  // A static segment: wins over :imp_uid (which has no GET anyway).
  app.get(
    '/vbanks/holder',
    { schema: { querystring: VbankHolderQuerySchema, response: { 200: envelope(VbankHolderSchema) } } },
    async (req) => ok(vbankHolder(req.sb.vbankHolders, req.query)),
  );
  app.put(
    '/vbanks/:imp_uid',
    { schema: { params: VbankImpUidParam, body: ModifyVbankBodySchema, response: one } },
    async (req) => ok(modifyVbank(req.sb, req.merchant, req.params.imp_uid, req.body)),
  );
  app.delete(
    '/vbanks/:imp_uid',
    { schema: { params: VbankImpUidParam, querystring: VbankQuerySchema, response: one } },
    async (req) => ok(revokeVbank(req.sb, req.merchant, req.params.imp_uid)),
  );
  // The spec's 400 "imp_uid가 누락된 경우" for PUT and DELETE (`/vbanks/` lands here too: ignoreTrailingSlash).
  for (const method of ['PUT', 'DELETE'] as const)
    app.route({
      method,
      url: '/vbanks',
      handler: async () => {
        throw badRequest(MSG.vbankImpUidMissing, 'imp_uid');
      },
    });
};
export default routes;
