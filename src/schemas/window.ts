// Wire shapes of the browser side: what the payment window page sends to /window/api/*, what it gets back
// (including the SDK callback object `rsp`), the headless autopilot and the demo's charge route.

import { z } from 'zod';
import { PaymentSchema } from './payments.js';

/**
 * request_pay's parameters as the SDK passes them on. Loose on purpose: a merchant page may send anything, and
 * a bad value must come back through the callback (refused before the window opens), never as an HTTP 400.
 */
export const RequestPayParamsSchema = z.record(z.string(), z.unknown());

/** The fields of request_pay the sandbox understands, checked by the gateway (failures become refusals). */
export const PayParamsSchema = z
  .object({
    pg: z.string().optional(),
    channelKey: z.string().optional(),
    pay_method: z.string().default('card'),
    merchant_uid: z.string().min(1, 'merchant_uid 는 필수입니다.').max(40, 'merchant_uid 는 40자 이내여야 합니다.'),
    name: z.string().max(200).optional(),
    // The SDK requires a number; numeric strings are tolerated (form values often are strings).
    amount: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v),
      z.number({ error: 'amount 는 숫자여야 합니다.' }).min(0, 'amount 는 0 이상이어야 합니다.'),
    ),
    currency: z.string().max(3).optional(),
    buyer_name: z.string().max(200).optional(),
    buyer_email: z.string().max(200).optional(),
    buyer_tel: z.string().max(100).optional(),
    buyer_addr: z.string().max(400).optional(),
    buyer_postcode: z.string().max(20).optional(),
    custom_data: z.unknown().optional(),
    notice_url: z.union([z.string(), z.array(z.string())]).optional(),
    m_redirect_url: z.string().optional(),
    customer_uid: z.string().min(1).max(80).optional(),
    customer_id: z.string().max(200).optional(),
    card_quota: z.number().int().min(0).max(36).optional(),
    // A string in the SDK's docs; a number (20260108 or 202601081200) is read as its digits. Parsed by the gateway.
    vbank_due: z.union([z.string().max(40), z.number()]).optional(),
    // An escrow window (sdk-v1.md §2: boolean, default false); the payment records it in `escrow`.
    escrow: z.boolean().optional(),
  })
  .passthrough();
export type PayParams = z.infer<typeof PayParamsSchema>;

export const OpenBodySchema = z.object({
  /** The code given to IMP.init (merchant code such as imp19424728). */
  merchant: z.string().max(100).default(''),
  tier_code: z.string().max(10).nullish(),
  /** pc: overlay with callback; mobile: the whole page came here and goes on to m_redirect_url. */
  device: z.enum(['pc', 'mobile']).default('pc'),
  params: RequestPayParamsSchema.default({}),
});
export type OpenBody = z.infer<typeof OpenBodySchema>;

/** The callback object (sdk-v1.md closing checklist). error_code/error_msg only on failure; customer_uid on billing. */
export const CallbackSchema = z.object({
  success: z.boolean(),
  imp_success: z.boolean(),
  imp_uid: z.string().nullable(),
  merchant_uid: z.string().nullable(),
  pay_method: z.string().optional(),
  status: z.string().optional(),
  paid_amount: z.number().optional(),
  currency: z.string().optional(),
  name: z.string().nullable().optional(),
  pg_provider: z.string().optional(),
  pg_type: z.string().optional(),
  pg_tid: z.string().nullable().optional(),
  apply_num: z.string().nullable().optional(),
  card_name: z.string().nullable().optional(),
  card_number: z.string().nullable().optional(),
  card_quota: z.number().optional(),
  bank_name: z.string().nullable().optional(),
  buyer_name: z.string().nullable().optional(),
  buyer_email: z.string().nullable().optional(),
  buyer_tel: z.string().nullable().optional(),
  buyer_addr: z.string().nullable().optional(),
  buyer_postcode: z.string().nullable().optional(),
  custom_data: z.unknown().optional(),
  paid_at: z.number().optional(),
  receipt_url: z.string().nullable().optional(),
  customer_uid: z.string().optional(),
  /** Virtual account only (sdk-v1.md §3.2): vbank_date in UNIX seconds. */
  vbank_num: z.string().nullable().optional(),
  vbank_name: z.string().nullable().optional(),
  vbank_holder: z.string().nullable().optional(),
  vbank_date: z.number().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type Callback = z.infer<typeof CallbackSchema>;

/** What the armed autopilot tells the window page to do. */
export const AutopilotSchema = z.object({
  action: z.enum(['approve', 'decline', 'cancel']),
  card_number: z.string().max(30).optional(),
  /** A certification window (IMP.certification): the person of fixtures/identities.json to verify, by phone. */
  phone: z.string().max(30).optional(),
});
export type Autopilot = z.infer<typeof AutopilotSchema>;

export const AutopilotBodySchema = AutopilotSchema.extend({ merchant: z.string().max(100).optional() });
/** What POST /__sandbox/window/autopilot answers: the merchant code and what its next window will do. */
export const ArmedSchema = z.object({
  merchant: z.string(),
  action: z.string(),
  card_number: z.string().nullable(),
  /** Only when armed with one (a certification window's person). */
  phone: z.string().optional(),
});
export type Armed = z.infer<typeof ArmedSchema>;
export type AutopilotBody = z.infer<typeof AutopilotBodySchema>;

/** The armed action as the window page receives it: everything it needs to fill the form and press a button. */
export const AutopilotPlanSchema = z.object({
  action: z.enum(['approve', 'decline', 'cancel']),
  card_number: z.string(),
  expiry: z.string(),
  birth: z.string(),
  pwd_2digit: z.string(),
});
export type AutopilotPlan = z.infer<typeof AutopilotPlanSchema>;

/** The armed action in a virtual-account window: the bank to choose, then the button to press. */
export const VbankAutopilotPlanSchema = z.object({ action: z.enum(['approve', 'cancel']), vbank_code: z.string() });
export type VbankAutopilotPlan = z.infer<typeof VbankAutopilotPlanSchema>;

/** A bank the virtual-account window offers (fixtures/banks.json). */
export const WindowBankSchema = z.object({ code: z.string(), name: z.string(), name_en: z.string() });

/** The window's answer when it opens: either the order to show, or the refusal (no window, imp_uid null). */
export const OpenResultSchema = z.object({
  opened: z.boolean(),
  id: z.string().nullable(),
  merchant_name: z.string().nullable(),
  name: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  pg_provider: z.string().nullable(),
  /** Billing-key issue: the window registers a card and charges nothing. */
  billing: z.boolean(),
  autopilot: z.union([AutopilotPlanSchema, VbankAutopilotPlanSchema]).nullable(),
  /** Virtual account (pay_method 'vbank'): the banks to choose from instead of the card form; null otherwise. */
  banks: z.array(WindowBankSchema).nullable(),
  /** Set when the request is already over (refused before opening): the callback and, on mobile, where to go. */
  rsp: CallbackSchema.nullable(),
  redirect_url: z.string().nullable(),
});
export type OpenResult = z.infer<typeof OpenResultSchema>;

export const WindowIdParam = z.object({ id: z.string().min(1).max(100) });

export const SubmitBodySchema = z.object({
  card_number: z.string().max(30).default(''),
  expiry: z.string().max(10).default(''),
  birth: z.string().max(10).default(''),
  pwd_2digit: z.string().max(2).default(''),
  /** Virtual-account window: the chosen bank (the card fields are then ignored). */
  vbank_code: z.string().max(10).optional(),
});
export type SubmitBody = z.infer<typeof SubmitBodySchema>;

/** The end of a window: the callback object, and on mobile the m_redirect_url with the result in its query. */
export const DoneSchema = z.object({ rsp: CallbackSchema, redirect_url: z.string().nullable() });
export type Done = z.infer<typeof DoneSchema>;

/** POST /__sandbox/vbanks/:imp_uid/deposit: the buyer pays into the virtual account. */
export const VbankParams = z.object({ imp_uid: z.string().min(1).max(100) });
export const DepositBodySchema = z
  .object({
    /** Defaults to the payment's amount; any other amount is refused (see depositVbank). */
    amount: z.number().positive().optional(),
    depositor_name: z.string().max(100).optional(),
  })
  .nullish(); // no body at all is fine: everything defaults
export type DepositBody = z.infer<typeof DepositBodySchema>;
/** The deposit's answer: the payment now paid (as GET /payments/{imp_uid} shows it), its merchant and the depositor. */
export const DepositResultSchema = z.object({
  merchant: z.string(),
  depositor_name: z.string().nullable(),
  payment: PaymentSchema,
});
export type DepositResult = z.infer<typeof DepositResultSchema>;

export const DemoChargeBodySchema = z.object({
  customer_uid: z.string().min(1).max(80),
  amount: z.coerce.number().positive().default(1000),
  name: z.string().max(200).optional(),
});
