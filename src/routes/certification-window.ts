// The verification window's server side, outside the token scope (the browser has no token), like routes/window.ts:
// the page public/certification/ (served by the static files of routes/window.ts) and its API. Everything is
// decided in gateway/certification-window.ts; the page only shows the answers.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { envelope } from '../schemas/common.js';
import {
  CertDoneSchema,
  CertIdentityBodySchema,
  CertIdentityResultSchema,
  CertMerchantBodySchema,
  CertOpenBodySchema,
  CertOpenResultSchema,
  CertOtpBodySchema,
  CertWindowParam,
} from '../schemas/certifications.js';
import {
  cancelCertWindow,
  confirmCertWindow,
  openCertification,
  sendCertOtp,
} from '../gateway/certification-window.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  const done = { 200: envelope(CertDoneSchema) };

  app.post(
    '/certification/api/requests',
    { schema: { body: CertOpenBodySchema, response: { 200: envelope(CertOpenResultSchema) } } },
    async (req) => ok(openCertification(sb, sb.identities, req.body)),
  );
  app.post(
    '/certification/api/requests/:imp_uid/otp',
    {
      schema: {
        params: CertWindowParam,
        body: CertIdentityBodySchema,
        response: { 200: envelope(CertIdentityResultSchema) },
      },
    },
    async (req) => ok(sendCertOtp(sb, sb.identities, req.params.imp_uid, req.body)),
  );
  app.post(
    '/certification/api/requests/:imp_uid/confirm',
    { schema: { params: CertWindowParam, body: CertOtpBodySchema, response: done } },
    async (req) => ok(confirmCertWindow(sb, sb.identities, req.params.imp_uid, req.body)),
  );
  app.post(
    '/certification/api/requests/:imp_uid/cancel',
    { schema: { params: CertWindowParam, body: CertMerchantBodySchema, response: done } },
    async (req) => ok(cancelCertWindow(sb, req.params.imp_uid, req.body?.merchant ?? '')),
  );
};
export default routes;
