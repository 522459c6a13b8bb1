// The verification window of IMP.certification: whether it opens (or is refused before any window exists), its
// identity step (the OTP "sent"), the OTP, the cancel button, and the end: the certification record, the callback
// and the mobile redirect. The browser code only shows these answers. The window's state is a
// 'certification_window' record by imp_uid (the imp_uid is issued when the window opens, as for payments).

import type { ZodError } from 'zod';
import { CMSG } from '../http/control-messages.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import { onMerchantClock } from '../sandbox/clock.js';
import {
  type CertAutopilotPlan,
  type CertCallback,
  type CertDone,
  type CertIdentityBody,
  type CertIdentityResult,
  type CertOpenBody,
  type CertOpenResult,
  type CertOtpBody,
  type CertParams,
  CertParamsSchema,
  type Certification,
  type Identity,
  WINDOW_CARRIERS,
  type WindowCarrier,
} from '../schemas/certifications.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Autopilot } from '../schemas/window.js';
import {
  ageOn,
  carrierOf,
  certPgTid,
  certified,
  checkIdentity,
  genderDigitOf,
  newCertImpUid,
  OTP_TTL_S,
  otpOf,
  pendingCertification,
} from './certification.js';
import type { Gateway } from './context.js';
import { parsePg } from './merchants.js';
import { ERROR_CODE } from './window-result.js';
import { failureQuery, redirectWith } from './window-result.js';

/** What a verification window remembers between its steps. */
interface CertWindow {
  imp_uid: string;
  device: 'pc' | 'mobile';
  params: CertParams;
  pg_provider: string;
  min_age: number | null;
  carriers: WindowCarrier[];
  opened_at: number;
  /** The person the OTP went to, once the identity step passed (identities.json key), and that OTP. */
  phone: string | null;
  otp: string | null;
  expires_at: number | null;
  /** Set once the window is over: the same answer is given again. */
  done: CertDone | null;
}

type Deps = Pick<Gateway, 'store' | 'clock' | 'clocks' | 'ids'>;

/**
 * The certification PG of a window: the providers IMP.certification documents (cft.mdx: danal, inicis_unified,
 * inicis), `pg` split at its dot; anything else falls back to danal, as an unknown `pg` falls back to the default.
 * Unconfirmed: the window is the same phone form whichever provider it names.
 */
function providerOf(pg: unknown): string {
  const { provider } = parsePg(typeof pg === 'string' ? pg : null);
  return provider === 'inicis_unified' || provider === 'inicis' ? provider : 'danal';
}

/** IMP.certification's carrier (SKT, KTF, LGT, MVNO: cft.mdx) narrows what the person may choose. */
function carriersOf(c: CertParams['carrier']): WindowCarrier[] {
  if (c === 'SKT' || c === 'LGT') return [c];
  if (c === 'KTF' || c === 'KT') return ['KT'];
  if (c === 'MVNO') return ['SKT_MVNO', 'KT_MVNO', 'LGT_MVNO'];
  return [...WINDOW_CARRIERS];
}

/**
 * Where a mobile window goes at its end: m_redirect_url with imp_uid, merchant_uid and success (cft.mdx), plus
 * imp_success (as payment redirects have it) and error_code, error_msg on failure, keeping its own query. Only
 * absolute http(s) URLs are followed (the SDK resolves relative ones).
 */
export function certRedirectUrl(target: unknown, rsp: CertCallback): string | null {
  return redirectWith(target, [
    ['imp_uid', rsp.imp_uid ?? ''],
    ['merchant_uid', rsp.merchant_uid ?? ''],
    ['success', String(rsp.success)],
    ['imp_success', String(rsp.success)],
    ...failureQuery(rsp),
  ]);
}

/** The table's people as the window offers them (a "fill in" list: this is a sandbox). */
const peopleOf = (identities: Identity[]) =>
  identities.map((p) => ({
    name: p.name,
    phone: `${p.phone.slice(0, 3)}-${p.phone.slice(3, -4)}-${p.phone.slice(-4)}`,
    birth: p.birthday.slice(2).replace(/-/g, ''),
    gender_digit: genderDigitOf(p),
    carrier: carrierOf(p),
    description: p.description,
  }));

/** The answer of a request refused before any window exists (with its rsp and redirect_url). */
const closed: Omit<CertOpenResult, 'rsp' | 'redirect_url'> = {
  opened: false,
  imp_uid: null,
  merchant_name: null,
  company: null,
  pg_provider: null,
  min_age: null,
  name: null,
  phone: null,
  carriers: [],
  people: [],
  autopilot: null,
};

/** POST /certification/api/requests: open the window, or refuse before any window exists (imp_uid null). */
export function openCertification(given: Deps, identities: Identity[], body: CertOpenBody): CertOpenResult {
  const raw = body.params;
  const merchantUid = typeof raw.merchant_uid === 'string' ? raw.merchant_uid : null;
  // Unconfirmed: the codes (no public list); F1002 as the payment window has it for refusals before opening.
  const refuse = (msg: string): CertOpenResult => {
    const rsp: CertCallback = {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: merchantUid,
      pg_provider: providerOf(raw.pg),
      pg_type: 'certification',
      error_code: ERROR_CODE.refused,
      error_msg: msg,
    };
    const redirect = body.device === 'mobile' ? certRedirectUrl(raw.m_redirect_url, rsp) : null;
    return { ...closed, rsp, redirect_url: redirect };
  };
  const merchant = given.store.merchants.find(body.merchant);
  if (!merchant) return refuse(MSG.unknownMerchant(body.merchant));
  const sb = onMerchantClock(given, merchant.id);
  const parsed = CertParamsSchema.safeParse(raw);
  if (!parsed.success) return refuse(MSG.certBadParams(firstIssue(parsed.error)));
  const p = parsed.data;
  const pg_provider = providerOf(p.pg);
  // cft.mdx: min_age is Danal's only.
  const min_age = pg_provider === 'danal' ? (p.min_age ?? null) : null;
  const carriers = carriersOf(p.carrier);

  return sb.store.tx(() => {
    const now = sb.clock.nowSeconds();
    const imp_uid = newCertImpUid(sb, merchant.id);
    const cert = pendingCertification({
      imp_uid,
      merchant_uid: p.merchant_uid,
      pg_provider,
      pg_tid: certPgTid(sb),
      origin: body.page ?? null,
    });
    sb.store.records.put(merchant.id, 'certification', imp_uid, cert, now);
    const w: CertWindow = {
      imp_uid,
      device: body.device,
      params: p,
      pg_provider,
      min_age,
      carriers,
      opened_at: now,
      phone: null,
      otp: null,
      expires_at: null,
      done: null,
    };
    sb.store.records.put(merchant.id, 'certification_window', imp_uid, w, now);
    // The one arming of POST /__sandbox/window/autopilot drives the next window of the merchant, of either kind.
    const armed = sb.store.window.takeArmed(merchant.id);
    return {
      opened: true,
      imp_uid,
      merchant_name: merchant.name,
      company: p.company ?? null,
      pg_provider,
      min_age,
      name: p.name ?? null,
      phone: p.phone ?? null,
      carriers,
      people: peopleOf(identities),
      autopilot: armed ? autopilotPlan(identities, armed, w, sb.clock.now()) : null,
      rsp: null,
      redirect_url: null,
    };
  });
}

/**
 * The person an armed window verifies: the armed phone, else for approve the first who passes, is old enough and
 * has an offered carrier, and for decline the first the carrier refuses. cancel types the approve person and
 * presses cancel.
 */
function autopilotPlan(identities: Identity[], armed: Autopilot, w: CertWindow, nowMs: number): CertAutopilotPlan {
  const offered = (p: Identity) => w.carriers.includes(carrierOf(p));
  const oldEnough = (p: Identity) => w.min_age === null || ageOn(p.birthday, nowMs) >= w.min_age;
  const passes = (p: Identity) => p.outcome === 'pass';
  const phone = armed.phone?.replace(/\D/g, '');
  const pick = phone
    ? identities.find((p) => p.phone === phone)
    : armed.action === 'decline'
      ? (identities.find((p) => !passes(p) && offered(p)) ?? identities.find((p) => !passes(p)))
      : (identities.find((p) => passes(p) && oldEnough(p) && offered(p)) ?? identities.find(passes));
  if (!pick) throw conflict(CMSG.noAutopilotIdentity(armed.action, armed.phone));
  const person = peopleOf([pick])[0]!;
  return {
    action: armed.action,
    name: person.name,
    phone: person.phone,
    birth: person.birth,
    gender_digit: person.gender_digit,
    carrier: person.carrier,
    otp: otpOf(pick.phone),
  };
}

/** An open window of a merchant, with its certification (the window names its merchant: records are per merchant). */
function openRequest(given: Deps, impUid: string, merchantCode: string) {
  const merchant = given.store.merchants.find(merchantCode);
  const w = merchant && given.store.records.get<CertWindow>(merchant.id, 'certification_window', impUid);
  const cert = merchant && given.store.records.get<Certification>(merchant.id, 'certification', impUid);
  if (!merchant || !w || !cert) throw notFound(MSG.certWindowNotFound);
  if (w.done) throw conflict(MSG.certWindowDone, 1);
  return { merchant, w, cert, sb: onMerchantClock(given, merchant.id) };
}

/** The end of a window (inside the caller's transaction): the callback and the redirect are fixed now. */
function finish(sb: Deps, merchant: Merchant, w: CertWindow, errorCode: string | null, errorMsg?: string): CertDone {
  const rsp: CertCallback = {
    success: errorCode === null,
    imp_success: errorCode === null,
    imp_uid: w.imp_uid,
    merchant_uid: w.params.merchant_uid,
    pg_provider: w.pg_provider,
    pg_type: 'certification',
  };
  if (errorCode !== null) Object.assign(rsp, { error_code: errorCode, error_msg: errorMsg ?? '' });
  w.done = { rsp, redirect_url: w.device === 'mobile' ? certRedirectUrl(w.params.m_redirect_url, rsp) : null };
  sb.store.records.put(merchant.id, 'certification_window', w.imp_uid, w, sb.clock.nowSeconds());
  return w.done;
}

/**
 * The identity step ("인증번호 받기"). Format errors and a person the carrier does not know keep the window open
 * (400, the field in X-Sandbox-Field); a person the carrier refuses, or one under min_age, ends it.
 * Unconfirmed: min_age is checked here, before the OTP (the birth date is known once the carrier matched it),
 * and the ended certification stays `certified: false`; codes F0004 (refused) and F0005 (cancel) are ours.
 */
export function sendCertOtp(
  given: Deps,
  identities: Identity[],
  impUid: string,
  body: CertIdentityBody,
): CertIdentityResult {
  const { merchant, w, sb } = openRequest(given, impUid, body.merchant);
  const carrier = WINDOW_CARRIERS.find((c) => c === body.carrier);
  if (!carrier) throw badRequest(MSG.certBadCarrier, 'carrier');
  if (!w.carriers.includes(carrier)) throw badRequest(MSG.certCarrierNotOffered, 'carrier');
  const person = checkIdentity(identities, {
    ...body,
    carrier: carrier.replace('_MVNO', '') as Identity['carrier'],
    mvno: carrier.endsWith('_MVNO'),
  });
  return sb.store.tx(() => {
    const ended = (msg: string) => ({
      sent: false,
      phone_masked: null,
      expires_at: null,
      done: finish(sb, merchant, w, ERROR_CODE.declined, msg),
    });
    if (person.outcome === 'fail') return ended(person.message ?? MSG.certRefused);
    if (w.min_age !== null && ageOn(person.birthday, sb.clock.now()) < w.min_age)
      return ended(MSG.certUnderAge(w.min_age));
    const now = sb.clock.nowSeconds();
    Object.assign(w, { phone: person.phone, otp: otpOf(person.phone), expires_at: now + OTP_TTL_S });
    sb.store.records.put(merchant.id, 'certification_window', impUid, w, now);
    const masked = `${person.phone.slice(0, 3)}-${'*'.repeat(person.phone.length - 7)}-${person.phone.slice(-4)}`;
    return { sent: true, phone_masked: masked, expires_at: w.expires_at, done: null };
  });
}

/** The OTP step ("확인"): a wrong, missing or expired OTP keeps the window open (400 on `otp`); the right one ends it. */
export function confirmCertWindow(given: Deps, identities: Identity[], impUid: string, body: CertOtpBody): CertDone {
  const { merchant, w, cert, sb } = openRequest(given, impUid, body.merchant);
  const person = w.phone ? identities.find((p) => p.phone === w.phone) : undefined;
  if (!person || w.otp === null || w.expires_at === null) throw badRequest(MSG.certOtpNotSent, 'otp');
  const otp = body.otp.trim();
  const now = sb.clock.nowSeconds();
  if (!otp) throw badRequest(MSG.certOtpMissing, 'otp');
  if (now > w.expires_at) throw badRequest(MSG.certOtpExpired(OTP_TTL_S), 'otp');
  if (otp !== w.otp) throw badRequest(MSG.certOtpWrong, 'otp');
  return sb.store.tx(() => {
    sb.store.records.put(merchant.id, 'certification', impUid, certified(cert, person, merchant.id, now), now);
    return finish(sb, merchant, w, null);
  });
}

/** The cancel button (or Escape): the certification stays `certified: false`. Invented: the message. */
export function cancelCertWindow(given: Deps, impUid: string, merchantCode: string): CertDone {
  const { merchant, w, sb } = openRequest(given, impUid, merchantCode);
  return sb.store.tx(() => finish(sb, merchant, w, ERROR_CODE.stopped, MSG.certUserCancelled));
}

function firstIssue(err: ZodError): string {
  const i = err.issues[0]!;
  const field = i.path.join('.');
  return field ? `${field}: ${i.message}` : i.message;
}
