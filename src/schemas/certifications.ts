// Wire shapes of identity verification (본인인증, api-v1.md §8): the certification object, the OTP requests of REST,
// the identity table (fixtures/identities.json) and the verification window's API (/certification/api/*).

import { z } from 'zod';
import { bool } from './common.js';

export const CertificationParam = z.object({ imp_uid: z.string().min(1).max(200) });

/** The carriers of requestOTP (spec enum); an MVNO subscriber sends one of them with is_mvno. */
export const CARRIERS = ['SKT', 'KT', 'LGT'] as const;
export type Carrier = (typeof CARRIERS)[number];
/** The carriers the window offers (and the certification's `carrier` field): the three, and their MVNOs. */
export const WINDOW_CARRIERS = ['SKT', 'KT', 'LGT', 'SKT_MVNO', 'KT_MVNO', 'LGT_MVNO'] as const;
export type WindowCarrier = (typeof WINDOW_CARRIERS)[number];

const isDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};

/** One person of fixtures/identities.json: who a carrier knows, and what verifying them does. */
export const IdentitySchema = z.object({
  /** The key: digits only, unique in the table. The OTP the sandbox "sends" is its last 6 digits. */
  phone: z.string().regex(/^01\d{8,9}$/, 'phone must be 10-11 digits starting with 01, without dashes'),
  name: z.string().min(1),
  birthday: z
    .string()
    .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, 'birthday must be YYYY-MM-DD between 1900 and 2099')
    .refine(isDate, 'birthday is not a calendar date'),
  gender: z.enum(['male', 'female']),
  carrier: z.enum(CARRIERS),
  /** An MVNO (알뜰폰) subscriber of `carrier`: requestOTP needs is_mvno true, the result says e.g. SKT_MVNO. */
  mvno: z.boolean().default(false),
  foreigner: z.boolean().default(false),
  /** pass: verifies; fail: the carrier refuses to verify this person (with `message`). */
  outcome: z.enum(['pass', 'fail']).default('pass'),
  message: z.string().min(1).optional(),
  description: z.string().default(''),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** fixtures/identities.json (phones unique). */
export const IdentityFileSchema = z.object({ identities: z.array(IdentitySchema).min(1) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.identities.forEach((p, i) => {
    if (seen.has(p.phone))
      ctx.addIssue({ code: 'custom', path: ['identities', i, 'phone'], message: `duplicate phone "${p.phone}"` });
    seen.add(p.phone);
  });
});

/**
 * The certification object (CertificationAnnotation, every field) plus `birth`, which the spec lacks but recorded
 * answers (2021) carry and iamport-rest-client-nodejs reads: 00:00 KST of the birthday in UNIX seconds. Keys in
 * alphabetical order, as the recorded answers have them. Fields of the person are null until certified.
 */
export const CertificationSchema = z.object({
  birth: z.number().int().nullable(),
  birthday: z.string().nullable(),
  carrier: z.string().nullable(),
  certified: z.boolean(),
  certified_at: z.number().int(),
  foreigner: z.boolean(),
  foreigner_v2: z.boolean().nullable(),
  gender: z.enum(['male', 'female']).nullable(),
  imp_uid: z.string(),
  merchant_uid: z.string().nullable(),
  name: z.string().nullable(),
  origin: z.string().nullable(),
  pg_provider: z.string(),
  pg_tid: z.string().nullable(),
  phone: z.string().nullable(),
  unique_in_site: z.string().nullable(),
  unique_key: z.string().nullable(),
});
export type Certification = z.infer<typeof CertificationSchema>;

/** A value JSON clients may send as a number (birth 900101, gender_digit 1): read as its digits. */
const digitsText = (max: number) => z.union([z.string().max(max), z.number().int().nonnegative()]).transform(String);

/** POST /certifications/otp/request (requestOTP), the spec's parameters. Formats are checked by the gateway. */
export const RequestOtpBodySchema = z.object({
  name: z.string().max(100),
  phone: digitsText(30),
  birth: digitsText(20),
  gender_digit: digitsText(2),
  carrier: z.enum(CARRIERS),
  is_mvno: bool.optional(),
  company: z.string().max(200).optional(),
  merchant_uid: z.string().max(200).optional(),
  pg: z.string().max(100).optional(),
  channel_key: z.string().max(200).optional(),
  verification_method: z.enum(['SMS', 'APP']).optional(),
  bypass: z.string().max(10_000).optional(),
});
export type RequestOtpBody = z.infer<typeof RequestOtpBodySchema>;

export const OtpRequestedSchema = z.object({ imp_uid: z.string() });

/** POST /certifications/otp/confirm/{imp_uid}: the OTP (none with kcp_v2's APP method; no body at all is fine). */
export const ConfirmOtpBodySchema = z.object({ otp: digitsText(20).optional() }).nullish();
export type ConfirmOtpBody = z.infer<typeof ConfirmOtpBodySchema>;

// ---- the verification window (IMP.certification)

/** IMP.certification's parameters as the SDK passes them on (loose: a bad value comes back through the callback). */
export const CertParamsSchema = z
  .object({
    pg: z.string().max(100).optional(),
    channelKey: z.string().max(200).optional(),
    merchant_uid: z.string().min(1).max(200),
    min_age: z.preprocess(
      (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
      z.number().int().min(0).max(150).optional(),
    ),
    name: z.string().max(100).optional(),
    phone: z.string().max(30).optional(),
    /** The SDK's carrier codes (cft.mdx): the one carrier the window offers. `KT` is read as `KTF`. */
    carrier: z.enum(['SKT', 'KTF', 'KT', 'LGT', 'MVNO']).optional(),
    company: z.string().max(200).optional(),
    m_redirect_url: z.string().max(2000).optional(),
    popup: z.boolean().optional(),
  })
  .passthrough();
export type CertParams = z.infer<typeof CertParamsSchema>;

export const CertOpenBodySchema = z.object({
  merchant: z.string().max(100).default(''),
  tier_code: z.string().max(10).nullish(),
  /** pc: overlay with callback; mobile: the whole page came here and goes on to m_redirect_url. */
  device: z.enum(['pc', 'mobile']).default('pc'),
  /** The merchant page's URL (the certification's `origin`). */
  page: z.string().max(2000).nullish(),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type CertOpenBody = z.infer<typeof CertOpenBodySchema>;

/** IMP.certification's callback object (cft-rt.mdx, plus imp_success, pg_provider and pg_type as payments have). */
export const CertCallbackSchema = z.object({
  success: z.boolean(),
  imp_success: z.boolean(),
  imp_uid: z.string().nullable(),
  merchant_uid: z.string().nullable(),
  pg_provider: z.string(),
  pg_type: z.literal('certification'),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type CertCallback = z.infer<typeof CertCallbackSchema>;

/** What an armed window types and presses (POST /__sandbox/window/autopilot). */
export const CertAutopilotPlanSchema = z.object({
  action: z.enum(['approve', 'decline', 'cancel']),
  name: z.string(),
  phone: z.string(),
  birth: z.string(),
  gender_digit: z.string(),
  carrier: z.enum(WINDOW_CARRIERS),
  otp: z.string(),
});
export type CertAutopilotPlan = z.infer<typeof CertAutopilotPlanSchema>;

/** A person of the identity table as the window offers it ("fill in a test person"). */
export const TestPersonSchema = z.object({
  name: z.string(),
  phone: z.string(),
  birth: z.string(),
  gender_digit: z.string(),
  carrier: z.enum(WINDOW_CARRIERS),
  description: z.string(),
});

export const CertDoneSchema = z.object({ rsp: CertCallbackSchema, redirect_url: z.string().nullable() });
export type CertDone = z.infer<typeof CertDoneSchema>;

/** The window's answer when it opens: the form to show, or the refusal (no window, imp_uid null). */
export const CertOpenResultSchema = z.object({
  opened: z.boolean(),
  imp_uid: z.string().nullable(),
  merchant_name: z.string().nullable(),
  company: z.string().nullable(),
  pg_provider: z.string().nullable(),
  min_age: z.number().int().nullable(),
  /** Prefilled fields (IMP.certification's name and phone). */
  name: z.string().nullable(),
  phone: z.string().nullable(),
  /** The carriers the person may choose (narrowed by IMP.certification's carrier). */
  carriers: z.array(z.enum(WINDOW_CARRIERS)),
  people: z.array(TestPersonSchema),
  autopilot: CertAutopilotPlanSchema.nullable(),
  rsp: CertCallbackSchema.nullable(),
  redirect_url: z.string().nullable(),
});
export type CertOpenResult = z.infer<typeof CertOpenResultSchema>;

export const CertWindowParam = z.object({ imp_uid: z.string().min(1).max(100) });

/** Every later call of the window names its merchant (the records are kept per merchant). */
const WindowMerchant = { merchant: z.string().max(100).default('') };

export const CertIdentityBodySchema = z.object({
  ...WindowMerchant,
  name: z.string().max(100).default(''),
  phone: z.string().max(30).default(''),
  birth: z.string().max(20).default(''),
  gender_digit: z.string().max(2).default(''),
  carrier: z.string().max(20).default(''),
});
export type CertIdentityBody = z.infer<typeof CertIdentityBodySchema>;

export const CertOtpBodySchema = z.object({ ...WindowMerchant, otp: z.string().max(20).default('') });
export type CertOtpBody = z.infer<typeof CertOtpBodySchema>;

export const CertMerchantBodySchema = z.object(WindowMerchant).nullish();

/** The identity step: the OTP was "sent" (the page asks for it), or the verification is over (`done`). */
export const CertIdentityResultSchema = z.object({
  sent: z.boolean(),
  /** The phone the OTP went to, masked as an SMS screen shows it (010-****-5678). */
  phone_masked: z.string().nullable(),
  expires_at: z.number().int().nullable(),
  done: CertDoneSchema.nullable(),
});
export type CertIdentityResult = z.infer<typeof CertIdentityResultSchema>;
