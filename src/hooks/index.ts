// The hooks around every request: the admin-token guard for /__sandbox/*, and for every other route the transport
// and ambiguous faults and the request journal. Installed on the root instance by buildApp, so they wrap every route;
// routes and gateway know nothing about them.

import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { adminGuard } from './admin.js';
import { faultHooks } from './faults.js';
import { journalHooks } from './journal.js';
import { CONTROL_PREFIX, lenientRequests, type RequestStates } from './request.js';

export function controlHooks(app: FastifyInstance): void {
  const sb = app.sb;
  // First of every onSend, on every route: an answer leaves only once the writes of its turn of the event loop are
  // committed (group commit, store/db.ts), so what a client was told is on disk; if they were lost it gets an error.
  app.addHook('onSend', (_req, _reply, payload, done) => {
    const settled = sb.store.settled();
    if (!settled) return done(null, payload);
    settled.then(
      () => done(null, payload),
      (e: Error) => done(e),
    );
  });
  adminGuard(app, sb.config.SANDBOX_ADMIN_TOKEN);
  const states: RequestStates = new WeakMap();
  // Every hook here is callback-style, not async: a promise and a microtask per hook per request add up.
  app.addHook('onRequest', (req, _reply, done) => {
    // The sandbox's own calls are not journaled: the harness's calls would only bury the app's.
    if (!(req.routeOptions.url ?? req.url).startsWith(CONTROL_PREFIX))
      states.set(req, {
        start: performance.now(),
        at: sb.clock.now(),
        body: undefined,
        merchantId: null,
        fault: null,
        done: false,
      });
    done();
  });
  // Order matters: the fault hooks' onSend (an ambiguous fault rewrites the answer) runs before the journal's.
  faultHooks(app, states);
  journalHooks(app, states);
  // After both: they keep the request as sent; the routes read it the lenient way the real server does.
  lenientRequests(app);
}
