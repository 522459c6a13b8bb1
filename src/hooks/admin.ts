// The admin-token guard: when SANDBOX_ADMIN_TOKEN is set, every /__sandbox/* endpoint (whoever's plugin serves it)
// except health needs it. On the matched route pattern, so no plugin can forget it and no percent-encoding slips past.

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CMSG } from '../http/control-messages.js';
import { unauthorized } from '../http/errors.js';
import { CONTROL_PREFIX } from './request.js';

export function adminGuard(app: FastifyInstance, adminToken: string | undefined): void {
  if (!adminToken) return;
  const expected = Buffer.from(adminToken);
  app.addHook('onRequest', async (req) => {
    // The matched route pattern, not the raw URL: a percent-encoded path (/%5F%5Fsandbox/...) reaches the same route.
    const route = req.routeOptions.url ?? req.url;
    if (!route.startsWith(CONTROL_PREFIX) || route === '/__sandbox/health') return;
    // The dashboard's static files (/__sandbox/ui/*) hold no data: the page loads, then asks for the token itself.
    if (route.startsWith('/__sandbox/ui/')) return;
    // The OpenAPI document and its viewer hold no secret (the API's shape, as the README tells it), and a browser
    // opening /__sandbox/docs cannot send a header: readable without the token. "Try it out" still needs it.
    if (route === '/__sandbox/openapi.json' || route === '/__sandbox/docs/' || route === '/__sandbox/docs/*') return;
    const h = req.headers['x-sandbox-admin-token'];
    const given =
      (Array.isArray(h) ? h[0] : h) ?? /^bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
    if (!given) throw unauthorized(CMSG.adminTokenRequired);
    const g = Buffer.from(given);
    if (g.length !== expected.length || !timingSafeEqual(g, expected)) throw unauthorized(CMSG.adminTokenInvalid);
  });
}
