// Wire shapes of scheduled payments (api-v1.md §5.3): the schedule request, the schedule object, unschedule and list queries.

import { z } from 'zod';
import { PagingQuery, int, num } from './common.js';
import { CardFields, ChargeFields, KeyOwnerFields } from './subscribe.js';
import { BuyerOutFields } from './payments.js';
import { waitCount, waitTimeoutMs } from './waits.js';

export const SCHEDULE_STATUSES = ['scheduled', 'executed', 'revoked'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** The schedule object (ScheduleResultAnnotation). Key order is the wire order. */
export const ScheduleSchema = z.object({
  customer_uid: z.string(),
  merchant_uid: z.string(),
  /** null until executed (and still null when the execution made no payment). */
  imp_uid: z.string().nullable(),
  pg_provider: z.string(),
  pg_id: z.string(),
  customer_id: z.string().nullable(),
  schedule_at: z.number().int(),
  // Unconfirmed (api-v1.md §5.3 [L]): unset executed_at/revoked_at; we send 0 as every other "not yet" timestamp.
  executed_at: z.number().int(),
  revoked_at: z.number().int(),
  amount: z.number(),
  currency: z.string(),
  name: z.string().nullable(),
  ...BuyerOutFields,
  custom_data: z.string().nullable(),
  schedule_status: z.enum(SCHEDULE_STATUSES),
  /** A real JSON null until executed. */
  payment_status: z.enum(['paid', 'failed', 'cancelled']).nullable(),
  fail_reason: z.string().nullable(),
  promotion_id: z.string().nullable(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** One entry of `schedules[]`: the fields of an `again` charge plus when to run it. */
export const ScheduleEntrySchema = z.object({
  ...ChargeFields,
  schedule_at: int.min(0, 'schedule_at 는 UNIX 초 단위 시각입니다.'),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;

const OptionalCardFields = {
  card_number: CardFields.card_number.optional(),
  expiry: CardFields.expiry.optional(),
  birth: CardFields.birth,
  pwd_2digit: CardFields.pwd_2digit,
  cvc: CardFields.cvc,
};

export const ScheduleBodySchema = z.object({
  customer_uid: z.string().min(1, 'customer_uid 는 필수입니다.').max(80),
  ...OptionalCardFields,
  checking_amount: num.min(0).optional(),
  ...KeyOwnerFields,
  schedules: z.array(ScheduleEntrySchema).min(1, 'schedules 는 1건 이상이어야 합니다.').max(1000),
});
export type ScheduleBody = z.infer<typeof ScheduleBodySchema>;

/** A string, an array of strings, or absent: always an array (form bodies may also say `merchant_uid[]`). */
const stringOrArray = z.preprocess(
  (v) => (v === undefined || v === null ? undefined : Array.isArray(v) ? v : [v]),
  z.array(z.string().min(1)).optional(),
);

export const UnscheduleBodySchema = z.preprocess(
  (v) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'merchant_uid[]' in v) {
      const { 'merchant_uid[]': bracket, ...rest } = v as Record<string, unknown>;
      return { ...rest, merchant_uid: (rest as { merchant_uid?: unknown }).merchant_uid ?? bracket };
    }
    return v;
  },
  z
    .object({
      customer_uid: z.string().min(1).max(80).optional(),
      merchant_uid: stringOrArray,
      extra: z.unknown().optional(),
    })
    .refine((b) => b.customer_uid !== undefined || (b.merchant_uid?.length ?? 0) > 0, {
      message: 'customer_uid 또는 merchant_uid 중 하나는 필수입니다.',
      path: ['customer_uid'],
    }),
);
export type UnscheduleBody = z.infer<typeof UnscheduleBodySchema>;

export const MerchantUidParam = z.object({ merchant_uid: z.string().min(1).max(200) });

export const RescheduleBodySchema = z.object({ schedule_at: int.min(0, 'schedule_at 는 UNIX 초 단위 시각입니다.') });

const statusFilter = z.enum(SCHEDULE_STATUSES).optional();

/** GET /subscribe/payments/schedule: by schedule time, paged. */
export const ScheduleListQuerySchema = z.object({
  schedule_from: int.min(0).optional(),
  schedule_to: int.min(0).optional(),
  schedule_status: statusFilter,
  ...PagingQuery.shape,
  sorting: z.enum(['scheduled', '-scheduled']).default('-scheduled'),
});

/** GET /subscribe/payments/schedule/customers/{uid}: SPEC/NODEO spell `from`, `to`, `schedule-status`; JAVA the `schedule_*` names. */
export const CustomerScheduleQuerySchema = ScheduleListQuerySchema.extend({
  from: int.min(0).optional(),
  to: int.min(0).optional(),
  'schedule-status': statusFilter,
}).transform((q) => ({
  from: q.schedule_from ?? q.from,
  to: q.schedule_to ?? q.to,
  status: q.schedule_status ?? q['schedule-status'],
  page: q.page,
  limit: q.limit,
  sorting: q.sorting,
}));

/**
 * GET /__sandbox/schedules/wait (control API): until the matching schedules have run (schedule_status no longer
 * `scheduled`: executed or revoked). Without `count`, all of them (and at least one must match); with it, that many.
 */
export const ScheduleWaitQuerySchema = z
  .object({
    merchant: z.string().min(1).optional(),
    merchant_uid: z.string().min(1).optional(),
    customer_uid: z.string().min(1).optional(),
    count: waitCount.optional(),
    timeout_ms: waitTimeoutMs,
  })
  .strict();

export const ScheduleWaitSchema = z.object({
  /** True when the schedules had run; false at the timeout (or when the wait was cut short). */
  done: z.boolean(),
  /** Wall time waited, ms. */
  waited_ms: z.number().int(),
  /** Every matching schedule as it stood at the answer, by schedule_at. */
  schedules: z.array(ScheduleSchema),
});
export type ScheduleWait = z.infer<typeof ScheduleWaitSchema>;
