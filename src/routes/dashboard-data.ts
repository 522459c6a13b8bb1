// The dashboard: its page at /__sandbox/ui/ (public/ui/, plain files, no build step) and the read-only control
// endpoints it browses with (/__sandbox/data/*), which the other control routes do not give: payments, billing keys,
// schedules and webhook deliveries of one merchant or of all, with filters, paged in SQL. Every action of the
// dashboard goes through the ordinary control API (reset, clock, faults, redeliver, deposit).

import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { packageRoot } from '../config.js';
import { findMerchant } from '../gateway/merchants.js';
import { CMSG } from '../http/control-messages.js';
import { ok } from '../http/envelope.js';
import { notFound } from '../http/errors.js';
import { envelope } from '../schemas/common.js';
import {
  DataBillingKeyListSchema,
  DataBillingKeysQuerySchema,
  DataImpUidParam,
  DataPaymentDetailSchema,
  DataPaymentListSchema,
  DataPaymentsQuerySchema,
  DataScheduleListSchema,
  DataSchedulesQuerySchema,
  DataWebhookListSchema,
  DataWebhooksQuerySchema,
} from '../schemas/dashboard.js';
import { staticFiles } from './static-files.js';

/** Where the page is served; hooks/admin.ts lets its static files through without the admin token (they hold no data). */
export const DASHBOARD_PATH = '/__sandbox/ui/';

/** Spread into each schema: the OpenAPI document files these routes under the control API. */
const CONTROL = { tags: ['control'] };

/** One page of `total` rows: previous/next page numbers, 0 when there is none (a page past the end is just empty). */
function paging(q: { page: number; limit: number }, total: number) {
  const pages = Math.max(1, Math.ceil(total / q.limit));
  return { total, previous: q.page > 1 ? Math.min(q.page - 1, pages) : 0, next: q.page < pages ? q.page + 1 : 0 };
}
const offsetOf = (q: { page: number; limit: number }) => (q.page - 1) * q.limit;

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  const scope = (merchant: string | undefined) => (merchant ? findMerchant(sb.store, merchant).id : undefined);

  // The page's own files. A strict CSP on top of the page's rule (values are only ever set as text): no inline script,
  // no other origin, so even a value that slipped into markup could not run.
  const sendFile = staticFiles(app, {
    root: path.join(packageRoot, 'public', 'ui'),
    prefix: DASHBOARD_PATH,
    index: false,
    setHeaders: (res) => {
      res.setHeader('cache-control', 'no-store');
      res.setHeader(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'",
      );
    },
  });
  // /__sandbox/ui (no slash) reaches this route too (ignoreTrailingSlash): send it to the slashed URL, which the page's
  // links are relative to.
  app.get(DASHBOARD_PATH, { schema: { ...CONTROL, hide: true } as object }, (req, reply) => {
    const [pathname, query] = req.url.split('?');
    if (!pathname!.endsWith('/')) return reply.redirect(DASHBOARD_PATH + (query ? `?${query}` : ''), 302);
    return sendFile(req, reply, '/index.html');
  });

  app.get(
    '/__sandbox/data/payments',
    {
      schema: { ...CONTROL, querystring: DataPaymentsQuerySchema, response: { 200: envelope(DataPaymentListSchema) } },
    },
    async (req) => {
      const { merchant, page, limit, ...f } = req.query;
      const r = sb.store.payments.page({ ...f, merchant_id: scope(merchant) }, limit, offsetOf(req.query));
      return ok({ ...paging(req.query, r.total), list: r.rows });
    },
  );
  // The imp_uid is found across merchants (ids are global), as the deposit control finds it.
  app.get(
    '/__sandbox/data/payments/:imp_uid',
    {
      schema: {
        ...CONTROL,
        params: DataImpUidParam,
        response: { 200: envelope(DataPaymentDetailSchema), 404: envelope(DataPaymentDetailSchema) },
      },
    },
    async (req) => {
      const { imp_uid } = req.params;
      const owner = sb.store.payments.ownerOf(imp_uid);
      const payment = owner === undefined ? undefined : sb.store.payments.get(owner, imp_uid);
      if (owner === undefined || !payment) throw notFound(CMSG.unknownImpUid(imp_uid));
      // A payment has a handful of deliveries (one per event and URL), so the unpaged list is small.
      return ok({ merchant_id: owner, payment, webhooks: sb.webhooks.list({ merchant_id: owner, imp_uid }) });
    },
  );
  app.get(
    '/__sandbox/data/billing-keys',
    {
      schema: {
        ...CONTROL,
        querystring: DataBillingKeysQuerySchema,
        response: { 200: envelope(DataBillingKeyListSchema) },
      },
    },
    async (req) => {
      const { merchant, customer_uid } = req.query;
      const r = sb.store.customers.page(
        { merchant_id: scope(merchant), customer_uid },
        req.query.limit,
        offsetOf(req.query),
      );
      return ok({ ...paging(req.query, r.total), list: r.rows });
    },
  );
  app.get(
    '/__sandbox/data/schedules',
    {
      schema: {
        ...CONTROL,
        querystring: DataSchedulesQuerySchema,
        response: { 200: envelope(DataScheduleListSchema) },
      },
    },
    async (req) => {
      const { merchant, page, limit, ...f } = req.query;
      const r = sb.store.schedules.page({ ...f, merchant_id: scope(merchant) }, limit, offsetOf(req.query));
      return ok({
        ...paging(req.query, r.total),
        list: r.rows.map((row) => ({ merchant_id: row.merchant_id, schedule: row.schedule })),
      });
    },
  );
  // Newest first and paged, where GET /__sandbox/webhooks gives the whole log oldest first (what a test waits on).
  app.get(
    '/__sandbox/data/webhooks',
    {
      schema: { ...CONTROL, querystring: DataWebhooksQuerySchema, response: { 200: envelope(DataWebhookListSchema) } },
    },
    async (req) => {
      const { merchant, page, limit, ...f } = req.query;
      const r = sb.store.webhooks.page({ ...f, merchant_id: scope(merchant) }, limit, offsetOf(req.query));
      return ok({ ...paging(req.query, r.total), list: r.rows });
    },
  );
};
export default routes;
