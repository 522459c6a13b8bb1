// The smaller endpoints of api-v1.md §8 the sandbox answers: the merchant's PG channels, and identity verification
// lookups (the sandbox never verifies anyone, so every imp_uid is unknown, with the real 404).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { ChannelSchema } from '../gateway/merchants.js';
import { notFound } from '../gateway/errors.js';
import { ok } from '../app.js';

const CERTIFICATION_NOT_FOUND = '인증결과가 존재하지 않습니다.'; // real text (api-v1.md §1.2, §8)

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/users/pg', { schema: { response: { 200: envelope(z.array(ChannelSchema)) } } }, async (req) =>
    ok(req.merchant.channels),
  );
  const cert = { schema: { params: z.object({ imp_uid: z.string().min(1).max(200) }) } };
  app.get('/certifications/:imp_uid', cert, async () => {
    throw notFound(CERTIFICATION_NOT_FOUND);
  });
  app.delete('/certifications/:imp_uid', cert, async () => {
    throw notFound(CERTIFICATION_NOT_FOUND);
  });
};
export default routes;
