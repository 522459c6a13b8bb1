// The browser side, outside the token scope: the fake SDK (/v1/iamport.js and the legacy path), the payment
// window page and its API (/window/api/*), the demo merchant (/demo/), and the headless autopilot and vbank deposit controls.

import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { packageRoot } from '../config.js';
import { envelope } from '../schemas/common.js';
import {
  ArmedSchema,
  AutopilotBodySchema,
  DemoChargeBodySchema,
  DepositBodySchema,
  DepositResultSchema,
  DoneSchema,
  OpenBodySchema,
  OpenResultSchema,
  SubmitBodySchema,
  VbankParams,
  WindowIdParam,
} from '../schemas/window.js';
import { depositVbank } from '../gateway/vbanks.js';
import { armAutopilot, openWindow } from '../gateway/window.js';
import { cancelWindow, submitWindow } from '../gateway/window-submit.js';
import { ok } from '../http/envelope.js';
import { staticFiles } from './static-files.js';

/** The merchant the demo page plays (IMP.init code in public/demo/demo.js). */
export const DEMO_MERCHANT_CODE = 'imp19424728';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;

  // Static files, one route each, so unknown paths still reach the envelope 404 handler. No caching: a sandbox is
  // restarted and edited often. The SDK must be loadable from any merchant origin.
  const sendFile = staticFiles(app, {
    root: path.join(packageRoot, 'public'),
    prefix: '/',
    // The dashboard's files are served at /__sandbox/ui/ (routes/dashboard-data.ts, with its CSP), not here too.
    skip: ['ui'],
    index: true,
    setHeaders: (res) => {
      res.setHeader('cache-control', 'no-store');
      res.setHeader('access-control-allow-origin', '*');
    },
  });
  // The legacy tag (`/js/iamport.payment-1.2.0.js`) gets the same script as `/v1/iamport.js`.
  app.get('/js/iamport.payment-1.2.0.js', (req, reply) => sendFile(req, reply, '/v1/iamport.js'));

  const user_agent = (h: { 'user-agent'?: string }) => h['user-agent'] ?? null;

  app.post(
    '/window/api/requests',
    { schema: { body: OpenBodySchema, response: { 200: envelope(OpenResultSchema) } } },
    async (req) => ok(openWindow(sb, req.body, user_agent(req.headers))),
  );
  app.post(
    '/window/api/requests/:id/submit',
    { schema: { params: WindowIdParam, body: SubmitBodySchema, response: { 200: envelope(DoneSchema) } } },
    async (req) => ok(submitWindow(sb, req.params.id, req.body)),
  );
  app.post(
    '/window/api/requests/:id/cancel',
    { schema: { params: WindowIdParam, response: { 200: envelope(DoneSchema) } } },
    async (req) => ok(cancelWindow(sb, req.params.id)),
  );

  app.post(
    '/__sandbox/window/autopilot',
    {
      schema: {
        body: AutopilotBodySchema,
        response: {
          200: envelope(ArmedSchema),
        },
      },
    },
    async (req) => ok(armAutopilot(sb, req.body)),
  );
  // The buyer pays into a virtual account the window issued (a control call: admin-guarded like all of /__sandbox/).
  app.post(
    '/__sandbox/vbanks/:imp_uid/deposit',
    { schema: { params: VbankParams, body: DepositBodySchema, response: { 200: envelope(DepositResultSchema) } } },
    async (req) => ok(depositVbank(sb, req.params.imp_uid, req.body)),
  );

  // The demo merchant's own server: what a real merchant backend does after the card is registered. It calls the
  // public REST API of this same app (getToken, then again) and shows each step.
  app.post('/demo/api/charge', { schema: { body: DemoChargeBodySchema } }, async (req) => {
    const merchant = sb.store.merchants.find(DEMO_MERCHANT_CODE) ?? sb.store.merchants.all()[0]!;
    const tokenReq = { imp_key: merchant.imp_key, imp_secret: '(secret of the demo merchant)' };
    const tokenRes = await app.inject({
      method: 'POST',
      url: '/users/getToken',
      payload: { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
    });
    const token = tokenRes.json() as { code: number; response: { access_token: string } | null };
    const steps: { request: unknown; response: unknown }[] = [
      { request: { method: 'POST', url: '/users/getToken', body: tokenReq }, response: token },
    ];
    if (token.code === 0 && token.response) {
      const body = {
        customer_uid: req.body.customer_uid,
        merchant_uid: `demo_${sb.ids.hex(12)}`,
        amount: req.body.amount,
        name: req.body.name ?? '데모 정기결제',
      };
      const again = await app.inject({
        method: 'POST',
        url: '/subscribe/payments/again',
        headers: { authorization: token.response.access_token },
        payload: body,
      });
      steps.push({
        request: {
          method: 'POST',
          url: '/subscribe/payments/again',
          headers: { authorization: '(access_token)' },
          body,
        },
        response: again.json(),
      });
    }
    return ok({ steps });
  });
};
export default routes;
