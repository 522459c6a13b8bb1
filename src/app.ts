// buildApp: the Fastify instance with the zod type provider, the envelope error and 404 handlers, and every route area.

import Fastify, { LogController, type FastifyInstance, type FastifyError } from 'fastify';
import formbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Sandbox } from './context.js';
import type { Merchant } from './gateway/merchants.js';
import { ApiError, MSG } from './gateway/errors.js';
import { authenticate, tokenFromHeaders } from './gateway/tokens.js';
import authRoutes from './routes/auth.js';
import paymentRoutes from './routes/payments.js';
import subscribeRoutes from './routes/subscribe.js';
import scheduleRoutes from './routes/schedules.js';
import otherRoutes from './routes/other.js';
import windowRoutes from './routes/window.js';
import sandboxRoutes from './routes/sandbox.js';
import { controlHooks } from './sandbox/hooks.js';
import webhookRoutes from './routes/webhooks.js';

declare module 'fastify' {
  interface FastifyInstance {
    sb: Sandbox;
    /** Every route the app serves (method and URL pattern), in registration order. */
    routeList: { method: string; url: string }[];
  }
  interface FastifyRequest {
    /** The merchant of the request's access token (set on authenticated REST routes). */
    merchant: Merchant;
  }
}

export type App = FastifyInstance;

/** The envelope of a refusal: `{code, message, response: null}`. */
export const errorBody = (code: number, message: string) => ({ code, message, response: null });

/** Wrap a successful result in the envelope. */
export const ok = <T>(response: T) => ({ code: 0, message: null, response });

/** Fastify's own 4xx errors, in our words (Korean like the real ones; the real texts for these are unknown). */
const FASTIFY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    '지원되지 않는 Content-Type 입니다. application/json 또는 application/x-www-form-urlencoded 로 보내주세요.',
  FST_ERR_CTP_BODY_TOO_LARGE: '요청 본문이 너무 큽니다.',
  FST_ERR_CTP_EMPTY_JSON_BODY: '요청 본문이 비어 있습니다. JSON 본문을 보내거나 Content-Type 을 빼주세요.',
  FST_ERR_CTP_INVALID_JSON_BODY: '요청 본문의 JSON 형식이 올바르지 않습니다.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length 가 본문 길이와 다릅니다.',
  FST_ERR_BAD_URL: '요청 경로의 인코딩이 올바르지 않습니다.',
  FST_ERR_MAX_PARAM_LENGTH: '요청 경로의 파라미터가 너무 깁니다.',
};

export async function buildApp(sb: Sandbox): Promise<App> {
  const app = Fastify({
    logger: sb.config.LOG_LEVEL === 'silent' ? false : { level: sb.config.LOG_LEVEL },
    // Per-request logs would double the journal (/__sandbox/requests) and cost time on every request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: sb.config.BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // The router's own refusals (bad %-encoding, a path parameter over maxParamLength) never reach setErrorHandler:
    // without this they answer Fastify's {error, statusCode} body instead of the envelope.
    frameworkErrors: (err, _req, reply) => {
      (reply as unknown as FastifyReply)
        .code(err.statusCode ?? 400)
        .send(errorBody(-1, FASTIFY_ERRORS[err.code] ?? err.message));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('sb', sb);
  // Kept so tests can walk every route (the no-500 sweep, the README endpoint check) without a hand-kept list.
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: r.url });
  });
  app.decorateRequest('merchant', null as unknown as Merchant);
  await app.register(formbody, { bodyLimit: sb.config.BODY_LIMIT });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(errorBody(err.code, err.message));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const v = err.validation[0]!;
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      // Invented wording: the real API's 400 texts for bad parameters are not recorded.
      return reply
        .code(400)
        .send(errorBody(-1, `잘못된 요청 파라미터입니다. ${field ? `${field}` : where}: ${v.message}`));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send(errorBody(-1, '샌드박스 내부 오류입니다 (응답 스키마 불일치).'));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        FASTIFY_ERRORS[err.code] ??
        (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
          ? FASTIFY_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY!
          : err.message);
      return reply.code(status).send(errorBody(-1, message));
    }
    req.log.error({ err }, 'unexpected error');
    return reply.code(500).send(errorBody(-1, '샌드박스 내부 오류입니다.'));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody(-1, `${MSG.routeNotFound} (${req.method} ${req.url.split('?')[0]})`));
  });

  // Around every route but /__sandbox/*: transport and ambiguous faults, the request journal.
  controlHooks(app);
  // api-v1.md §1.1 [M]: the real server labels its JSON `application/json; charset=UTF-8` (recorded headers,
  // iamport-rest-client-ruby#23); Fastify writes `utf-8`. Registered after controlHooks so injected faults get it too.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.getHeader('content-type') === 'application/json; charset=utf-8')
      reply.header('content-type', 'application/json; charset=UTF-8');
    return payload;
  });

  // Routes without an access token: getToken, the browser side, the sandbox's own controls.
  await app.register(authRoutes);
  await app.register(windowRoutes);
  await app.register(sandboxRoutes);
  await app.register(webhookRoutes);

  // The REST API proper: every route needs a token, and sees only its merchant's data.
  await app.register(async (api) => {
    api.addHook('onRequest', async (req) => {
      req.merchant = authenticate(sb, tokenFromHeaders(req.headers));
    });
    await api.register(paymentRoutes);
    await api.register(subscribeRoutes);
    await api.register(scheduleRoutes);
    await api.register(otherRoutes);
  });

  return app;
}
