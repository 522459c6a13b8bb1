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

export interface FaultBook {
  /** The business effect for this charge, consuming one use of the rule; null when no rule matches. */
  takeBusiness(ctx: ChargeContext): BusinessEffect | null;
}

/** No rules at all. */
export const noFaults: FaultBook = { takeBusiness: () => null };
