// Wire shapes of the webhook delivery log (/__sandbox/webhooks): one entry per delivery, with every attempt.

import { z } from 'zod';
import { int } from './common.js';

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;

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
  created_at: z.number().int(),
  next_attempt_at: z.number().int().nullable(),
  max_attempts: z.number().int(),
  fault: z.enum(['duplicate', 'delay']).nullable(),
  attempts: z.array(WebhookAttemptSchema),
});

export const WebhookQuerySchema = z.object({
  merchant: z.string().min(1).optional(),
  imp_uid: z.string().min(1).optional(),
  merchant_uid: z.string().min(1).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
});

export const WebhookIdParam = z.object({ id: int.min(1) });
