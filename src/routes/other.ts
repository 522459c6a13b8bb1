// The smaller endpoints of api-v1.md §8 the sandbox answers: the merchant's PG channels, and identity verification
// lookups (the sandbox never verifies anyone, so every imp_uid is unknown, with the real 404).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import { CertificationParam } from '../schemas/certifications.js';
import { ChannelSchema } from '../schemas/merchants.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/users/pg', { schema: { response: { 200: envelope(z.array(ChannelSchema)) } } }, async (req) =>
    ok(req.merchant.channels),
  );
  const cert = { schema: { params: CertificationParam } };
  app.get('/certifications/:imp_uid', cert, async () => {
    throw notFound(MSG.certificationNotFound);
  });
  app.delete('/certifications/:imp_uid', cert, async () => {
    throw notFound(MSG.certificationNotFound);
  });
};
export default routes;
