// The fault book: rules a test arranges through /__sandbox/faults. The gateway asks it for business effects
// on every charge; transport and ambiguous effects are applied around the request by the control hooks
// (sandbox/hooks.ts); webhook effects by the webhook sender.

import { z } from 'zod';

export interface ChargeContext {
  merchantId: string;
  /** HTTP method and path of the request that led to the charge ('SCHEDULE' and the schedule path for scheduled runs). */
  method: string;
  path: string;
  customer_uid: string | null;
  merchant_uid: string;
  amount: number;
}

/** What a matching business rule does to a charge. */
export type BusinessEffect =
  | { type: 'decline'; fail_reason: string } // code 0, status failed
  | { type: 'api_error'; code: number; message: string } // HTTP 200, non-zero code, response null
  | { type: 'pg_error'; message: string }; // HTTP 200, code -1, the PG's message

/** What a matching webhook rule does to one delivery. */
export type WebhookEffect = { type: 'duplicate' } | { type: 'delay'; seconds: number };

export interface WebhookContext {
  merchantId: string;
  imp_uid: string;
  merchant_uid: string;
  status: string;
}

/** An HTTP request as the transport hooks see it (payment fields read from the parsed body or path params). */
export interface RequestContext {
  /** The merchant of the request's token (or of imp_key on getToken); null when unknown. */
  merchantId: string | null;
  method: string;
  /** The URL path without the query string. */
  path: string;
  customer_uid: string | null;
  merchant_uid: string | null;
  amount: number | null;
}

export interface FaultBook {
  /** The business effect for this charge, consuming one use of the rule; null when no rule matches. */
  takeBusiness(ctx: ChargeContext): BusinessEffect | null;
  /** The effect on a webhook about to be delivered (duplicate it, or hold it back so later ones overtake it). */
  takeWebhook(ctx: WebhookContext): WebhookEffect | null;
}

/** No rules at all. */
export const noFaults: FaultBook = { takeBusiness: () => null, takeWebhook: () => null };

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

/** `*` = one path segment, `**` = anything; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}/?$`);
}

interface Live {
  rule: FaultRule;
  path: RegExp | null;
}

type Candidate = {
  merchantId: string | null;
  method?: string;
  path?: string;
  customer_uid?: string | null;
  merchant_uid?: string | null;
  amount?: number | null;
};

/**
 * The rules themselves, in creation order: the first live rule of the right kind that matches wins and uses one
 * of its `times`; a rule whose uses are spent disappears. Ids are a plain counter (flt_1, flt_2...) so that
 * arranging faults never shifts the seeded ids of payments.
 */
export class FaultRules implements FaultBook {
  private rules: Live[] = [];
  private seq = 0;

  constructor(private now: () => number) {}

  /** Add a validated rule; `merchantId` is the resolved `match.merchant` (or undefined for every merchant). */
  add(body: FaultRuleBody, merchantId?: string): FaultRule {
    const match: FaultMatch = { ...body.match };
    if (merchantId !== undefined) match.merchant = merchantId;
    else delete match.merchant;
    const permanent = body.permanent === true;
    const rule: FaultRule = {
      id: `flt_${++this.seq}`,
      kind: kindOf(body.effect),
      match,
      effect: body.effect,
      permanent,
      remaining: permanent ? null : (body.times ?? 1),
      hits: 0,
      created_at: this.now(),
    };
    this.rules.push({ rule, path: match.path ? globToRegExp(match.path) : null });
    return { ...rule };
  }

  /** Live rules, oldest first; only those of one merchant (and the ones for every merchant) when given. */
  list(merchantId?: string): FaultRule[] {
    return this.rules
      .filter(
        (l) => merchantId === undefined || l.rule.match.merchant === undefined || l.rule.match.merchant === merchantId,
      )
      .map((l) => ({ ...l.rule }));
  }

  remove(id: string): boolean {
    const i = this.rules.findIndex((l) => l.rule.id === id);
    if (i < 0) return false;
    this.rules.splice(i, 1);
    return true;
  }

  /** Remove every rule, or only the rules scoped to one merchant (rules for every merchant stay). Returns how many. */
  clear(merchantId?: string): number {
    const before = this.rules.length;
    this.rules = merchantId === undefined ? [] : this.rules.filter((l) => l.rule.match.merchant !== merchantId);
    return before - this.rules.length;
  }

  private take(kinds: FaultKind[], c: Candidate): FaultRule | null {
    for (let i = 0; i < this.rules.length; i++) {
      const l = this.rules[i]!;
      const m = l.rule.match;
      if (!kinds.includes(l.rule.kind)) continue;
      if (m.merchant !== undefined && m.merchant !== c.merchantId) continue;
      if (m.method !== undefined && m.method !== c.method?.toUpperCase()) continue;
      if (l.path && (c.path === undefined || !l.path.test(c.path))) continue;
      if (m.customer_uid !== undefined && m.customer_uid !== c.customer_uid) continue;
      if (m.merchant_uid !== undefined && m.merchant_uid !== c.merchant_uid) continue;
      if (m.amount !== undefined && m.amount !== c.amount) continue;
      l.rule.hits++;
      if (l.rule.remaining !== null) {
        l.rule.remaining--;
        if (l.rule.remaining <= 0) this.rules.splice(i, 1);
      }
      return { ...l.rule };
    }
    return null;
  }

  takeBusiness(ctx: ChargeContext): BusinessEffect | null {
    const rule = this.take(['business'], ctx);
    return rule ? (rule.effect as BusinessEffect) : null;
  }

  /** A transport or ambiguous rule for this request, using one of its times. */
  takeTransport(ctx: RequestContext): FaultRule | null {
    return this.take(['transport', 'ambiguous'], ctx);
  }

  takeWebhook(ctx: WebhookContext): WebhookEffect | null {
    const rule = this.take(['webhook'], { merchantId: ctx.merchantId, merchant_uid: ctx.merchant_uid });
    if (!rule) return null;
    return rule.effect.type === 'webhook_delay'
      ? { type: 'delay', seconds: rule.effect.seconds }
      : { type: 'duplicate' };
  }
}
