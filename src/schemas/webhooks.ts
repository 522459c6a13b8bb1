// Wire shapes of the webhook delivery log (/__sandbox/webhooks): one entry per delivery, with every attempt, and of
// its long polls (/__sandbox/webhooks/wait, /__sandbox/webhooks/idle). Every time in the log is in UNIX seconds.

import { z } from 'zod';
import { int } from './common.js';
import { waitCount, waitTimeoutMs } from './waits.js';

/** The status of a delivery (the log entry's `status`, `?status=` of GET /__sandbox/webhooks). */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;
/** The status of the payment a webhook is about (the payload's `status`, `?status=` of /__sandbox/webhooks/wait). */
export const WEBHOOK_PAYMENT_STATUSES = ['paid', 'ready', 'cancelled', 'failed'] as const;
export type WebhookPaymentStatus = (typeof WEBHOOK_PAYMENT_STATUSES)[number];

export const WebhookAttemptSchema = z.object({
  n: z.number().int(),
  attempted_at: z.number().int(),
  manual: z.boolean(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number(),
  error: z.string().nullable(),
  response_body: z.string().nullable(),
});

export const WebhookSchema = z.object({
  id: z.number().int(),
  merchant_id: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  url: z.string(),
  format: z.enum(['json', 'form']),
  payload: z.object({
    imp_uid: z.string(),
    merchant_uid: z.string(),
    status: z.string(),
    cancellation_id: z.string().optional(),
  }),
  /** Sandbox clock, UNIX seconds. */
  created_at: z.number().int(),
  /** Sandbox clock, UNIX seconds: when the next attempt goes; null once nothing more is planned. */
  next_attempt_at: z.number().int().nullable(),
  max_attempts: z.number().int(),
  fault: z.enum(['duplicate', 'delay']).nullable(),
  attempts: z.array(WebhookAttemptSchema),
});

export type Webhook = z.infer<typeof WebhookSchema>;

/** GET /__sandbox/webhooks: `status` is the delivery's status. */
export const WebhookQuerySchema = z.object({
  merchant: z.string().min(1).optional(),
  imp_uid: z.string().min(1).optional(),
  merchant_uid: z.string().min(1).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
});

export const WebhookIdParam = z.object({ id: int.min(1) });

/**
 * GET /__sandbox/webhooks/wait: until `count` matching deliveries are done (delivered, or failed with no attempt
 * left). Here `status` is the payment's status in the payload, not the delivery's: a wait is always for done ones.
 */
export const WebhookWaitQuerySchema = z
  .object({
    merchant: z.string().min(1).optional(),
    imp_uid: z.string().min(1).optional(),
    merchant_uid: z.string().min(1).optional(),
    status: z.enum(WEBHOOK_PAYMENT_STATUSES).optional(),
    count: waitCount.default(1),
    timeout_ms: waitTimeoutMs,
  })
  .strict();

export const WebhookWaitSchema = z.object({
  /** True when `count` matching deliveries were done; false at the timeout (or when the wait was cut short). */
  done: z.boolean(),
  /** Wall time waited, ms. */
  waited_ms: z.number().int(),
  /** Every matching delivery as it stood at the answer, done or not, oldest first. */
  deliveries: z.array(WebhookSchema),
});
export type WebhookWait = z.infer<typeof WebhookWaitSchema>;

/** GET /__sandbox/webhooks/idle: of one merchant, or of all. */
export const WebhookIdleQuerySchema = z
  .object({ merchant: z.string().min(1).optional(), timeout_ms: waitTimeoutMs })
  .strict();

export const WebhookIdleSchema = z.object({
  /** True when no delivery was in flight or pending and due; false at the timeout. */
  done: z.boolean(),
  waited_ms: z.number().int(),
  /** The deliveries still in flight or due at the answer (empty when done). */
  busy: z.array(WebhookSchema),
  /** Pending deliveries planned for later on the sandbox clock (webhook_delay, a retry's backoff): never waited for. */
  held_back: z.number().int(),
});
export type WebhookIdle = z.infer<typeof WebhookIdleSchema>;
