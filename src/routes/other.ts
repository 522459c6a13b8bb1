// The smaller endpoints of api-v1.md §8 the sandbox answers here: the merchant's PG channels. (Identity verification
// has its own plugin: routes/certifications.ts.)

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { ChannelSchema } from '../schemas/merchants.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/users/pg', { schema: { response: { 200: envelope(z.array(ChannelSchema)) } } }, async (req) =>
    ok(req.merchant.channels),
  );
};
export default routes;
