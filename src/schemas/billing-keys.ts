// Wire shapes of POST /__sandbox/billing-keys: a billing key issued through the payment window's own gateway path,
// without a browser (KICC issues keys only through the window).

import { z } from 'zod';
import { BuyerFields } from './payments.js';
import { CustomerSchema } from './subscribe.js';

/**
 * What the control call takes: the window's billing request (request_pay with customer_uid) and the card typed into
 * its form, every field but customer_uid with a default (see the gateway's issueWindowBillingKey).
 */
export const IssueWindowKeyBodySchema = z
  .object({
    /** Id or merchant code; default: the first merchant, as for the autopilot. */
    merchant: z.string().min(1).max(100).optional(),
    customer_uid: z.string().min(1).max(80),
    /** The issue record's merchant_uid; default: a fresh `issue_` + 16 hex digits. */
    merchant_uid: z.string().min(1).max(40).optional(),
    /** One of the merchant's `payment` (window) channels; default: its first. Any other key is refused. */
    channel_key: z.string().min(1).max(200).optional(),
    /** The card form as the window takes it; default: the always-approving card of fixtures/cards.json. */
    card_number: z.string().max(30).optional(),
    /** `MM/YY` or `YYYY-MM`; default: December five years after the sandbox clock. */
    expiry: z.string().max(10).optional(),
    birth: z.string().max(10).optional(),
    pwd_2digit: z.string().max(2).optional(),
    name: z.string().max(200).optional(),
    /** The amount the window shows; nothing is charged (the record says 0 unless WINDOW_ISSUE_AMOUNT=requested). */
    amount: z.number().min(0).optional(),
    ...BuyerFields,
    customer_id: z.string().max(200).optional(),
    custom_data: z.unknown().optional(),
    notice_url: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();
export type IssueWindowKeyBody = z.infer<typeof IssueWindowKeyBodySchema>;

/** The answer: the billing key as GET /subscribe/customers/{customer_uid} shows it, and its issue record's ids. */
export const IssuedWindowKeySchema = CustomerSchema.extend({ imp_uid: z.string(), merchant_uid: z.string() });
export type IssuedWindowKey = z.infer<typeof IssuedWindowKeySchema>;
