// The webhook delivery log of the sandbox: GET /__sandbox/webhooks and POST /__sandbox/webhooks/{id}/redeliver.

import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { WebhookIdParam, WebhookQuerySchema, WebhookSchema } from '../schemas/webhooks.js';
import { ApiError } from '../gateway/errors.js';
import { ok } from '../app.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;

  // The same admin-token rule as routes/sandbox.ts (its hook is scoped to its own plugin, so it is repeated here).
  const adminToken = sb.config.SANDBOX_ADMIN_TOKEN;
  if (adminToken) {
    const expected = Buffer.from(adminToken);
    app.addHook('onRequest', async (req) => {
      const h = req.headers['x-sandbox-admin-token'];
      const given = (Array.isArray(h) ? h[0] : h) ?? /^bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
      if (!given) throw new ApiError(401, -1, 'Sandbox admin token required: send X-Sandbox-Admin-Token (or Authorization: Bearer <token>)');
      const g = Buffer.from(given);
      if (g.length !== expected.length || !timingSafeEqual(g, expected)) throw new ApiError(401, -1, 'Sandbox admin token is not valid');
    });
  }

  app.get('/__sandbox/webhooks', { schema: { querystring: WebhookQuerySchema, response: { 200: envelope(z.array(WebhookSchema)), 404: envelope(z.array(WebhookSchema)) } } }, async (req) => {
    const { merchant, ...f } = req.query;
    let merchant_id: string | undefined;
    if (merchant) {
      const m = sb.store.merchants.find(merchant);
      if (!m) throw new ApiError(404, -1, `Unknown merchant "${merchant}" (give its id or merchant code)`);
      merchant_id = m.id;
    }
    return ok(sb.webhooks.list({ ...f, merchant_id }));
  });

  // Waits for the attempt and answers with the entry as it then stands (the attempt is the last of `attempts`).
  app.post('/__sandbox/webhooks/:id/redeliver', { schema: { params: WebhookIdParam, response: { 200: envelope(WebhookSchema), 404: envelope(WebhookSchema), 409: envelope(WebhookSchema) } } }, async (req) =>
    ok(await sb.webhooks.redeliver(req.params.id)),
  );
};
export default routes;
