// POST /users/getToken: JSON or form body; no token needed.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { issueToken } from '../gateway/tokens.js';
import { ok } from '../app.js';

export const TokenSchema = z.object({ access_token: z.string(), now: z.number().int(), expired_at: z.number().int() });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/users/getToken',
    {
      // Loose on purpose: a missing body or missing fields get the real 400 `imp_key, imp_secret 파라메터가 누락되었습니다.`
      schema: {
        body: z.object({ imp_key: z.string().optional(), imp_secret: z.string().optional() }).passthrough().nullish(),
        response: { 200: envelope(TokenSchema) },
      },
    },
    async (req) => ok(issueToken(app.sb, req.body?.imp_key, req.body?.imp_secret)),
  );
};
export default routes;
