// POST /__sandbox/billing-keys: issue a billing key through the payment window's gateway path, without a browser
// (admin-guarded like all of /__sandbox/, by hooks/admin.ts).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { issueWindowBillingKey } from '../gateway/billing-keys.js';
import { ok } from '../http/envelope.js';
import { IssuedWindowKeySchema, IssueWindowKeyBodySchema } from '../schemas/billing-keys.js';
import { envelope } from '../schemas/common.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  // The caller's User-Agent is the window's, as a browser's is on /window/api/requests (the issue record keeps it).
  app.post(
    '/__sandbox/billing-keys',
    { schema: { body: IssueWindowKeyBodySchema, response: { 200: envelope(IssuedWindowKeySchema) } } },
    async (req) => ok(issueWindowBillingKey(sb, req.body, req.headers['user-agent'] ?? null)),
  );
};
export default routes;
