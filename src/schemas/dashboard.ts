// Wire shapes of the control API's read-only browsing endpoints (/__sandbox/data/*), which the dashboard at
// /__sandbox/ui/ reads: payments, billing keys, schedules and webhook deliveries of one merchant or of all, paged.

import { z } from 'zod';
import { int, paged } from './common.js';
import { PAYMENT_STATUSES, PaymentSchema } from './payments.js';
import { SCHEDULE_STATUSES, ScheduleSchema } from './schedules.js';
import { CustomerSchema } from './subscribe.js';
import { DELIVERY_STATUSES, WebhookSchema } from './webhooks.js';

/** page (from 1) and limit of every browsing list: smaller pages than the REST lists', a dashboard shows one at a time. */
export const DATA_LIMIT_DEFAULT = 50;
export const DATA_LIMIT_MAX = 500;
const Paging = {
  page: int.min(1).max(1_000_000).default(1),
  limit: int.min(1).max(DATA_LIMIT_MAX).default(DATA_LIMIT_DEFAULT),
};
/** A filter: exact value, never empty (the dashboard leaves an empty field out). */
const filter = z.string().min(1).max(200).optional();

/** GET /__sandbox/data/payments. `merchant` is an id or a merchant code; the others match exactly. */
export const DataPaymentsQuerySchema = z
  .object({
    merchant: filter,
    status: z.enum(PAYMENT_STATUSES).optional(),
    customer_uid: filter,
    merchant_uid: filter,
    ...Paging,
  })
  .strict();
export type DataPaymentsQuery = z.infer<typeof DataPaymentsQuerySchema>;

/** GET /__sandbox/data/billing-keys. */
export const DataBillingKeysQuerySchema = z.object({ merchant: filter, customer_uid: filter, ...Paging }).strict();

/** GET /__sandbox/data/schedules: `status` is the schedule's (`scheduled`, `executed`, `revoked`). */
export const DataSchedulesQuerySchema = z
  .object({
    merchant: filter,
    customer_uid: filter,
    merchant_uid: filter,
    status: z.enum(SCHEDULE_STATUSES).optional(),
    ...Paging,
  })
  .strict();

/** GET /__sandbox/data/webhooks: `status` is the delivery's, as on GET /__sandbox/webhooks. */
export const DataWebhooksQuerySchema = z
  .object({
    merchant: filter,
    imp_uid: filter,
    merchant_uid: filter,
    status: z.enum(DELIVERY_STATUSES).optional(),
    ...Paging,
  })
  .strict();

export const DataImpUidParam = z.object({ imp_uid: z.string().min(1).max(200) });

/** The wire objects carry no merchant: each row says whose it is. */
export const DataPaymentSchema = z.object({ merchant_id: z.string(), payment: PaymentSchema });
export const DataBillingKeySchema = z.object({ merchant_id: z.string(), customer: CustomerSchema });
export const DataScheduleSchema = z.object({ merchant_id: z.string(), schedule: ScheduleSchema });

export const DataPaymentListSchema = paged(DataPaymentSchema);
export const DataBillingKeyListSchema = paged(DataBillingKeySchema);
export const DataScheduleListSchema = paged(DataScheduleSchema);
export const DataWebhookListSchema = paged(WebhookSchema);

/** GET /__sandbox/data/payments/:imp_uid: the payment (its cancel_history inside) and its webhook deliveries. */
export const DataPaymentDetailSchema = DataPaymentSchema.extend({ webhooks: z.array(WebhookSchema) });
