// The webhook delivery log of the sandbox: GET /__sandbox/webhooks and POST /__sandbox/webhooks/{id}/redeliver.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { WebhookIdParam, WebhookQuerySchema, WebhookSchema } from '../schemas/webhooks.js';
import { ApiError } from '../gateway/errors.js';
import { ok } from '../app.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;

  // The admin token (when configured) is checked for every /__sandbox/* route by the app-wide hook in sandbox/hooks.ts.
  app.get(
    '/__sandbox/webhooks',
    {
      schema: {
        querystring: WebhookQuerySchema,
        response: { 200: envelope(z.array(WebhookSchema)), 404: envelope(z.array(WebhookSchema)) },
      },
    },
    async (req) => {
      const { merchant, ...f } = req.query;
      let merchant_id: string | undefined;
      if (merchant) {
        const m = sb.store.merchants.find(merchant);
        if (!m) throw new ApiError(404, -1, `Unknown merchant "${merchant}" (give its id or merchant code)`);
        merchant_id = m.id;
      }
      return ok(sb.webhooks.list({ ...f, merchant_id }));
    },
  );

  // Waits for the attempt and answers with the entry as it then stands (the attempt is the last of `attempts`).
  app.post(
    '/__sandbox/webhooks/:id/redeliver',
    {
      schema: {
        params: WebhookIdParam,
        response: { 200: envelope(WebhookSchema), 404: envelope(WebhookSchema), 409: envelope(WebhookSchema) },
      },
    },
    async (req) => ok(await sb.webhooks.redeliver(req.params.id)),
  );
};
export default routes;
