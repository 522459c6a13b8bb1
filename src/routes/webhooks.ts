// The webhook delivery log of the sandbox: GET /__sandbox/webhooks and POST /__sandbox/webhooks/{id}/redeliver.
// Its long polls (GET /__sandbox/webhooks/wait and /__sandbox/webhooks/idle) are in waits.ts.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope } from '../schemas/common.js';
import { WebhookIdParam, WebhookQuerySchema, WebhookSchema } from '../schemas/webhooks.js';

import { findMerchant } from '../gateway/merchants.js';
import { ok } from '../http/envelope.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;

  // The admin token (when configured) is checked for every /__sandbox/* route by the app-wide hook in hooks/admin.ts.
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
      return ok(sb.webhooks.list({ ...f, merchant_id: merchant ? findMerchant(sb.store, merchant).id : undefined }));
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
