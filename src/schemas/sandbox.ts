// Wire shapes of the control API (/__sandbox/*): reset, clock, merchants and the request journal.
// The fault rule shapes are in faults.ts, the webhook log's in webhooks.ts.

import { z } from 'zod';
import { ChannelSchema, MerchantSchema } from './merchants.js';
import { int } from './common.js';

/** POST /__sandbox/reset: the whole sandbox, or one merchant (id or merchant code). */
export const ResetBodySchema = z
  .object({ merchant: z.string().min(1).optional() })
  .strict()
  .nullish();
export const ResetResultSchema = z.object({
  /** The merchant id reset, or null for the whole sandbox. */
  merchant: z.string().nullable(),
  faults_removed: z.number().int(),
  requests_removed: z.number().int(),
  took_ms: z.number(),
});

export const ClockSchema = z.object({
  now: z.number().int(),
  now_iso: z.string(),
  now_seconds: z.number().int(),
  mode: z.enum(['system', 'fixed']),
  /** With `?merchant=` (or a `merchant` in the body): the merchant's id, and whether it has a clock of its own. */
  merchant: z.string().optional(),
  own: z.boolean().optional(),
});
export type ClockView = z.infer<typeof ClockSchema>;

/** GET /__sandbox/clock?merchant=: the sandbox clock, or the clock one merchant lives by. */
export const ClockQuerySchema = z.object({ merchant: z.string().min(1).optional() }).strict();

/**
 * POST /__sandbox/clock: `set` (ISO time or UNIX seconds) or `advance_seconds` (may be negative), one of them; with
 * `merchant`, only that merchant's clock moves.
 */
export const ClockBodySchema = z
  .object({
    set: z
      .union([
        z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time such as 2026-01-01T00:00:00Z'),
        z.number().int().min(0),
      ])
      .optional(),
    advance_seconds: z.number().int().optional(),
    /** Move only this merchant's clock (id or merchant code); it gets a clock of its own if it had none. */
    merchant: z.string().min(1).optional(),
  })
  .strict()
  .refine(
    (b) => (b.set === undefined) !== (b.advance_seconds === undefined),
    'give exactly one of set or advance_seconds',
  );
export type ClockBody = z.infer<typeof ClockBodySchema>;

export const MerchantViewSchema = MerchantSchema.extend({ fixture: z.boolean() });
export type MerchantView = z.infer<typeof MerchantViewSchema>;

/** POST /__sandbox/merchants. `channels` is a fixture merchant's id (copy its channels) or a list of channels. */
export const CreateMerchantBodySchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    channels: z.union([z.string().min(1), z.array(ChannelSchema).min(1)]).optional(),
    webhook_url: z.string().url().nullable().optional(),
    webhook_format: z.enum(['json', 'form']).optional(),
  })
  .strict()
  .nullish();
export type CreateMerchantBody = NonNullable<z.infer<typeof CreateMerchantBodySchema>>;

export const PatchMerchantBodySchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    webhook_url: z.string().url().nullable().optional(),
    webhook_format: z.enum(['json', 'form']).optional(),
  })
  .strict();

export type PatchMerchantBody = z.infer<typeof PatchMerchantBodySchema>;

/** `?merchant=` (id or merchant code) of the control lists that can be narrowed to one merchant. */
export const MerchantQuery = z.object({ merchant: z.string().min(1).optional() }).strict();
/** `:id` of /__sandbox/merchants/:id (id or merchant code) and /__sandbox/faults/:id. */
export const IdParam = z.object({ id: z.string().min(1) });
export const FaultIdParam = z.object({ id: z.string() });

/** The journal's filters, shared by the list and the wait. */
const JournalFilters = {
  path: z.string().optional(),
  method: z.string().optional(),
  merchant: z.string().optional(),
  customer_uid: z.string().optional(),
  /** Matches any merchant_uid of an entry (each of a schedule request's `schedules[]` too). */
  merchant_uid: z.string().optional(),
  /** Clock ms, or an ISO time. */
  since: z
    .string()
    .transform((s, ctx) => {
      const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (Number.isNaN(n)) ctx.addIssue({ code: 'custom', message: 'must be clock milliseconds or an ISO time' });
      return n;
    })
    .optional(),
};

export const JournalQuerySchema = z
  .object({ ...JournalFilters, limit: int.min(1).max(1_000_000).default(100) })
  .strict();

/** GET /__sandbox/requests/wait: how long a wait may last (wall time, ms), and how long it lasts when not told. */
export const JOURNAL_WAIT_DEFAULT_MS = 5_000;
export const JOURNAL_WAIT_MAX_MS = 60_000;
export const JournalWaitQuerySchema = z
  .object({
    ...JournalFilters,
    /** Answer once at least this many entries match. */
    count: int.min(1).max(10_000).default(1),
    timeout_ms: int.min(0).max(JOURNAL_WAIT_MAX_MS).default(JOURNAL_WAIT_DEFAULT_MS),
  })
  .strict();

export const JournalEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  method: z.string(),
  path: z.string(),
  query: z.record(z.string(), z.unknown()),
  merchant: z.string().nullable(),
  customer_uid: z.string().nullable(),
  merchant_uid: z.string().nullable(),
  merchant_uids: z.array(z.string()),
  status: z.number().int().nullable(),
  code: z.number().int().nullable(),
  duration_ms: z.number(),
  request_headers: z.record(z.string(), z.string()),
  request_body: z.unknown(),
  response_body: z.unknown(),
  fault: z
    .object({
      id: z.string(),
      type: z.string(),
      then: z.string().optional(),
      handled_status: z.number().int().optional(),
      handled_code: z.number().int().nullable().optional(),
    })
    .nullable(),
});

/** The wait's answer: whether `count` entries matched in time, and the newest matching ones (at most `count`). */
export const JournalWaitSchema = z.object({
  done: z.boolean(),
  waited_ms: z.number().int(),
  entries: z.array(JournalEntrySchema),
});

export const RemovedSchema = z.object({ removed: z.number().int() });
