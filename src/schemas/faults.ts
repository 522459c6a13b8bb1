// Wire shapes of the fault rules (POST /__sandbox/faults) and the effects they can have.

import { z } from 'zod';

// ---- the rule schema (POST /__sandbox/faults) ----

const Status = z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(429)]);

/** Every effect a rule can have; `type` names it. */
export const FaultEffectSchema = z.discriminatedUnion('type', [
  // business: inside the gateway's charge
  z
    .object({
      type: z.literal('decline'),
      fail_reason: z.string().min(1).default('[8016] 거래거절 - 카드사 승인거절(한도초과)'),
    })
    .strict(),
  z
    .object({
      type: z.literal('api_error'),
      code: z
        .number()
        .int()
        .refine((c) => c !== 0, 'must not be 0 (0 is success)')
        .default(1),
      message: z.string().min(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('pg_error'),
      message: z.string().min(1).default('[F0005] PG사 통신 오류가 발생했습니다.'),
    })
    .strict(),
  // transport: before the handler runs, nothing is committed
  z
    .object({
      type: z.literal('http_status'),
      status: Status,
      code: z.number().int().default(-1),
      message: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('delay'), ms: z.number().int().min(1).max(600_000) }).strict(),
  z.object({ type: z.literal('drop') }).strict(),
  z.object({ type: z.literal('hang') }).strict(),
  // ambiguous: the handler runs and commits, then the client loses the answer
  z
    .object({
      type: z.literal('ambiguous'),
      then: z.enum(['http_status', 'drop', 'hang']).default('http_status'),
      status: Status.default(500),
    })
    .strict(),
  // webhook: one delivery is sent twice, or held back
  z.object({ type: z.literal('webhook_duplicate') }).strict(),
  z.object({ type: z.literal('webhook_delay'), seconds: z.number().int().min(1).max(86_400) }).strict(),
]);
export type FaultEffect = z.infer<typeof FaultEffectSchema>;
export type FaultKind = 'business' | 'transport' | 'ambiguous' | 'webhook';

export function kindOf(effect: FaultEffect): FaultKind {
  switch (effect.type) {
    case 'decline':
    case 'api_error':
    case 'pg_error':
      return 'business';
    case 'http_status':
    case 'delay':
    case 'drop':
    case 'hang':
      return 'transport';
    case 'ambiguous':
      return 'ambiguous';
    case 'webhook_duplicate':
    case 'webhook_delay':
      return 'webhook';
  }
}

const matchFields = {
  /** Exact path, or a glob: `*` is one path segment, `**` anything (`/subscribe/payments/*`). */
  path: z.string().startsWith('/', 'must start with /').optional(),
  /** Merchant id or merchant code (imp########); resolved to the id when the rule is created. */
  merchant: z.string().min(1).optional(),
  customer_uid: z.string().min(1).optional(),
  merchant_uid: z.string().min(1).optional(),
  amount: z.number().optional(),
};

/** A rule's match as a test sends it: the method in any case. */
export const FaultMatchSchema = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, 'must be an HTTP method such as POST')
      .transform((m) => m.toUpperCase())
      .optional(),
    ...matchFields,
  })
  .strict();
/** A rule's match as stored and shown (the method already upper-cased: no transform, so it serializes). */
const FaultMatchOutSchema = z.object({ method: z.string().optional(), ...matchFields });
export type FaultMatch = z.infer<typeof FaultMatchSchema>;

export const FaultRuleBodySchema = z
  .object({
    match: FaultMatchSchema.default({}),
    effect: FaultEffectSchema,
    /** How many matching requests the rule affects (default 1); each match uses one. */
    times: z.number().int().min(1).max(1_000_000).optional(),
    /** Affect every matching request until removed. */
    permanent: z.boolean().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.permanent && r.times !== undefined)
      ctx.addIssue({ code: 'custom', path: ['times'], message: 'give times or permanent: true, not both' });
    if (kindOf(r.effect) === 'webhook') {
      for (const k of ['method', 'path', 'customer_uid', 'amount'] as const) {
        if (r.match[k] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['match', k],
            message: 'webhook rules match only on merchant and merchant_uid',
          });
      }
    }
  });
export type FaultRuleBody = z.infer<typeof FaultRuleBodySchema>;

export const FaultRuleSchema = z.object({
  id: z.string(),
  kind: z.enum(['business', 'transport', 'ambiguous', 'webhook']),
  match: FaultMatchOutSchema,
  effect: FaultEffectSchema,
  permanent: z.boolean(),
  /** Uses left; null when permanent. */
  remaining: z.number().int().nullable(),
  /** How many requests the rule has affected so far. */
  hits: z.number().int(),
  /** Sandbox clock, ms. */
  created_at: z.number().int(),
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;
