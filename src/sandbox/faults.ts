// The fault book: rules a test arranges through /__sandbox/faults. The gateway asks it for business effects
// on every charge; transport effects are applied around the request by the routes.

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

export interface FaultBook {
  /** The business effect for this charge, consuming one use of the rule; null when no rule matches. */
  takeBusiness(ctx: ChargeContext): BusinessEffect | null;
  /** The effect on a webhook about to be delivered (duplicate it, or hold it back so later ones overtake it). */
  takeWebhook(ctx: WebhookContext): WebhookEffect | null;
}

/** No rules at all. */
export const noFaults: FaultBook = { takeBusiness: () => null, takeWebhook: () => null };
