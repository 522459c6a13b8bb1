// POST /users/getToken: JSON or form body; no token needed.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { issueToken } from '../gateway/tokens.js';
import { ok } from '../http/envelope.js';
import { GetTokenBodySchema, TokenSchema } from '../schemas/auth.js';
import { envelope } from '../schemas/common.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/users/getToken',
    { schema: { body: GetTokenBodySchema, response: { 200: envelope(TokenSchema) } } },
    async (req) => ok(issueToken(app.sb, req.body?.imp_key, req.body?.imp_secret)),
  );
};
export default routes;
