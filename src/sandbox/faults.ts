// The fault book: the one set of rules a test arranges through /__sandbox/faults. The gateway asks it for business
// effects on every charge; the request hooks (hooks/faults.ts) for transport and ambiguous effects around a request;
// the webhook sender for webhook effects. The rule shapes are in schemas/faults.ts.

import { type FaultKind, type FaultMatch, type FaultRule, type FaultRuleBody, kindOf } from '../schemas/faults.js';
import { globToRegExp } from '../util/glob.js';

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
export class FaultBook {
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

  /** Is any rule armed? (Every request asks; with none, it need not even build its context.) */
  get armed(): boolean {
    return this.rules.length > 0;
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
