// Identity verification by REST (api-v1.md §8): the SMS OTP pair (requestOTP, confirmOTP), the lookup and the delete.
// The people are fixtures/identities.json, loaded with the other fixtures (a bad file stops start-up).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { envelope } from '../schemas/common.js';
import {
  CertificationParam,
  CertificationSchema,
  ConfirmOtpBodySchema,
  OtpRequestedSchema,
  RequestOtpBodySchema,
} from '../schemas/certifications.js';
import { confirmOtp, deleteCertification, getCertification, requestOtp } from '../gateway/certification.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const one = { 200: envelope(CertificationSchema) };

  app.post(
    '/certifications/otp/request',
    { schema: { body: RequestOtpBodySchema, response: { 200: envelope(OtpRequestedSchema) } } },
    async (req) => ok(requestOtp(req.sb, req.sb.identities, req.merchant, req.body)),
  );
  app.post(
    '/certifications/otp/confirm/:imp_uid',
    { schema: { params: CertificationParam, body: ConfirmOtpBodySchema, response: one } },
    async (req) => ok(confirmOtp(req.sb, req.sb.identities, req.merchant, req.params.imp_uid, req.body)),
  );
  app.get('/certifications/:imp_uid', { schema: { params: CertificationParam, response: one } }, async (req) =>
    ok(getCertification(req.sb, req.merchant, req.params.imp_uid)),
  );
  app.delete('/certifications/:imp_uid', { schema: { params: CertificationParam, response: one } }, async (req) =>
    ok(deleteCertification(req.sb, req.merchant, req.params.imp_uid)),
  );
};
export default routes;
