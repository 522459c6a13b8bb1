// buildApp: the Fastify instance with the zod type provider, the envelope error and 404 handlers, and every route area.

import Fastify, { LogController, type FastifyInstance, type FastifyError } from 'fastify';
import formbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import {
  validatorCompiler,
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authenticate, tokenFromHeaders } from './gateway/tokens.js';
import type { Sandbox } from './gateway/context.js';
import { controlHooks } from './hooks/index.js';
import { onMerchantClock } from './sandbox/clock.js';
import { errorBody } from './http/envelope.js';
import { serializerCompiler } from './http/serializer.js';
import { ApiError } from './http/errors.js';
import { FRAMEWORK_MSG, MSG } from './http/messages.js';
import { fixedCompilers } from './util/schema-compilers.js';
import authRoutes from './routes/auth.js';
import billingKeyRoutes from './routes/billing-keys.js';
import otherRoutes from './routes/other.js';
import paymentRoutes from './routes/payments.js';
import journalRoutes from './routes/journal.js';
import sandboxRoutes from './routes/sandbox.js';
import scheduleRoutes from './routes/schedules.js';
import subscribeRoutes from './routes/subscribe.js';
import waitRoutes from './routes/waits.js';
import webhookRoutes from './routes/webhooks.js';
import windowRoutes from './routes/window.js';
import codeRoutes from './routes/codes.js';
import vbankRoutes from './routes/vbanks.js';
import receiptRoutes from './routes/receipts.js';
import certificationRoutes from './routes/certifications.js';
import certificationWindowRoutes from './routes/certification-window.js';
import escrowRoutes from './routes/escrow.js';
import unsupportedRoutes from './routes/unsupported.js';
import { registerOpenApi } from './routes/openapi.js';
import homeRoutes from './routes/home.js';
import dashboardRoutes from './routes/dashboard-data.js';
import type { Merchant } from './schemas/merchants.js';

declare module 'fastify' {
  interface FastifyInstance {
    sb: Sandbox;
    /** Every route the app serves (method and URL pattern), in registration order. */
    routeList: { method: string; url: string }[];
  }
  interface FastifyRequest {
    /** The merchant of the request's access token (set on authenticated REST routes). */
    merchant: Merchant;
    /** The sandbox as this request's merchant sees it: on the merchant's own clock, if it has one. */
    sb: Sandbox;
  }
}

export type App = FastifyInstance;

export async function buildApp(sb: Sandbox): Promise<App> {
  const app = Fastify({
    logger: sb.config.LOG_LEVEL === 'silent' ? false : { level: sb.config.LOG_LEVEL },
    // Per-request logs would double the journal (/__sandbox/requests) and cost time on every request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: sb.config.BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // The type provider's validator; our serializer, the same check in zod's fast direction (http/serializer.ts).
    schemaController: fixedCompilers(validatorCompiler, serializerCompiler),
    // The router's own refusals (bad %-encoding, a path parameter over maxParamLength) never reach setErrorHandler:
    // without this they answer Fastify's {error, statusCode} body instead of the envelope.
    frameworkErrors: (err, _req, reply) => {
      (reply as unknown as FastifyReply)
        .code(err.statusCode ?? 400)
        .send(errorBody(-1, FRAMEWORK_MSG[err.code] ?? err.message));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('sb', sb);
  // Kept so tests can walk every route (the no-500 sweep, the README endpoint check) without a hand-kept list.
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: r.url });
  });
  app.decorateRequest('merchant', null as unknown as Merchant);
  app.decorateRequest('sb', null as unknown as Sandbox);
  await app.register(formbody, { bodyLimit: sb.config.BODY_LIMIT });

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      // The field a refusal is about goes in a header, so the envelope stays the real one (the window marks the field).
      if (err.field) reply.header('x-sandbox-field', err.field);
      return reply.code(err.status).send(errorBody(err.code, err.message));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const v = err.validation[0]!;
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return reply.code(400).send(errorBody(-1, MSG.badParameter(field || where, `${v.message}`)));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send(errorBody(-1, MSG.responseMismatch));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        FRAMEWORK_MSG[err.code ?? ''] ??
        (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
          ? FRAMEWORK_MSG.FST_ERR_CTP_INVALID_JSON_BODY!
          : err.message);
      return reply.code(status).send(errorBody(-1, message));
    }
    req.log.error({ err }, 'unexpected error');
    return reply.code(500).send(errorBody(-1, MSG.internal));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody(-1, `${MSG.routeNotFound} (${req.method} ${req.url.split('?')[0]})`));
  });

  // Around every route but /__sandbox/*: transport and ambiguous faults, the request journal.
  controlHooks(app);
  // api-v1.md §1.1 [M]: the real server labels its JSON `application/json; charset=UTF-8` (recorded headers,
  // iamport-rest-client-ruby#23); Fastify writes `utf-8`. Registered after controlHooks so injected faults get it too.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (reply.getHeader('content-type') === 'application/json; charset=utf-8')
      reply.header('content-type', 'application/json; charset=UTF-8');
    done(null, payload);
  });

  // Before every route: the OpenAPI document is built from the routes registered after it.
  registerOpenApi(app);

  // Routes without an access token: getToken, the browser side, the sandbox's own controls.
  await app.register(homeRoutes);
  await app.register(authRoutes);
  await app.register(windowRoutes);
  await app.register(certificationWindowRoutes);
  await app.register(sandboxRoutes);
  await app.register(journalRoutes);
  await app.register(billingKeyRoutes);
  await app.register(webhookRoutes);
  await app.register(waitRoutes);
  await app.register(dashboardRoutes);

  // The REST API proper: every route needs a token, and sees only its merchant's data.
  await app.register(async (api) => {
    // Callback-style (no promise per request); a refusal thrown here is Fastify's error, as a rejection would be.
    api.addHook('onRequest', (req, _reply, done) => {
      req.merchant = authenticate(sb, tokenFromHeaders(req.headers));
      req.sb = onMerchantClock(sb, req.merchant.id);
      done();
    });
    await api.register(paymentRoutes);
    await api.register(subscribeRoutes);
    await api.register(scheduleRoutes);
    await api.register(otherRoutes);
    await api.register(codeRoutes);
    await api.register(vbankRoutes);
    await api.register(receiptRoutes);
    await api.register(certificationRoutes);
    await api.register(escrowRoutes);
    // Last: every other operation of the official spec, answered "not simulated" by name.
    await api.register(unsupportedRoutes);
  });

  return app;
}
