// Identity verification (본인인증) by REST: requestOTP, confirmOTP, the lookup and the delete; and what the
// verification window shares with them: the check of a person against fixtures/identities.json, the OTP, the CI/DI
// values and the certification record. Records: 'certification' (the wire object, by imp_uid) and 'otp_request' (the
// OTP a REST request waits for).

import { createHash } from 'node:crypto';
import { badRequest, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type {
  Carrier,
  Certification,
  ConfirmOtpBody,
  Identity,
  RequestOtpBody,
  WindowCarrier,
} from '../schemas/certifications.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Gateway } from './context.js';
import { parsePg } from './merchants.js';

/**
 * Unconfirmed: how long an OTP stays good. The spec is silent; carriers' SMS screens give 3 minutes, so 180 s of the
 * merchant's clock (move it with POST /__sandbox/clock to test expiry).
 */
export const OTP_TTL_S = 180;

/** What a person types (REST requestOTP or the window's identity step). */
export interface IdentityForm {
  name: string;
  phone: string;
  birth: string;
  gender_digit: string;
  carrier: Carrier;
  mvno: boolean;
}

/** What the sandbox's carriers "send": the last 6 digits of the phone (documented, so tests can type it). */
export const otpOf = (phone: string) => phone.slice(-6);

/** The 7th digit of a resident number (spec: 1/2 before 2000, 3/4 from 2000; foreigners 5/6 and 7/8). */
export function genderDigitOf(p: Pick<Identity, 'birthday' | 'gender' | 'foreigner'>): string {
  return String((p.birthday < '2000' ? 1 : 3) + (p.gender === 'female' ? 1 : 0) + (p.foreigner ? 4 : 0));
}

/** The carrier as the certification (and the window) names it: SKT, or SKT_MVNO for an MVNO subscriber. */
export const carrierOf = (p: Pick<Identity, 'carrier' | 'mvno'>): WindowCarrier =>
  p.mvno ? `${p.carrier}_MVNO` : p.carrier;

const isDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};
const sameName = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toUpperCase() === b.trim().replace(/\s+/g, ' ').toUpperCase();

/**
 * The person behind a form: formats first (each refusal names its field: 400, the window marks it), then the table.
 * Phone and birth may carry dashes or dots (the spec: everything but digits is removed). Unknown phone or any field
 * differing from the row: one refusal, as a carrier would not say which field is wrong.
 */
export function checkIdentity(identities: Identity[], f: IdentityForm): Identity {
  if (!f.name.trim()) throw badRequest(MSG.certBadName, 'name');
  const phone = f.phone.replace(/\D/g, '');
  if (!/^01\d{8,9}$/.test(phone)) throw badRequest(MSG.certBadPhone, 'phone');
  const birth = f.birth.replace(/\D/g, '');
  if (!/^\d{6}$/.test(birth)) throw badRequest(MSG.certBadBirth, 'birth');
  const digit = f.gender_digit.trim();
  if (!/^[1-8]$/.test(digit)) throw badRequest(MSG.certBadGenderDigit, 'gender_digit');
  const century = '1256'.includes(digit) ? '19' : '20';
  const birthday = `${century}${birth.slice(0, 2)}-${birth.slice(2, 4)}-${birth.slice(4, 6)}`;
  if (!isDate(birthday)) throw badRequest(MSG.certBadBirth, 'birth');
  const p = identities.find((i) => i.phone === phone);
  const matches =
    p !== undefined &&
    sameName(p.name, f.name) &&
    p.birthday === birthday &&
    genderDigitOf(p) === digit &&
    p.carrier === f.carrier &&
    p.mvno === f.mvno;
  if (!p || !matches) throw badRequest(MSG.certIdentityMismatch);
  return p;
}

/** Age in full years (만 나이) on the clock's date in KST. */
export function ageOn(birthday: string, nowMs: number): number {
  const today = new Date(nowMs + 9 * 3600_000).toISOString().slice(0, 10);
  const years = Number(today.slice(0, 4)) - Number(birthday.slice(0, 4));
  return today.slice(5) < birthday.slice(5) ? years - 1 : years;
}

const personKey = (p: Identity) => `${p.name}|${p.birthday}|${p.gender}|${p.foreigner}`;

/**
 * CI (unique_key): one per person, whatever the phone or the merchant, as the real CI is; 88 base64 characters
 * (64 bytes), the real length. Deterministic: the SHA-512 of the person's table fields.
 */
export const uniqueKeyOf = (p: Identity) =>
  createHash('sha512')
    .update(`iamport-sandbox:ci:${personKey(p)}`)
    .digest('base64');

/** A recorded real DI decodes to DER: SEQUENCE { OID hmacWithSHA256, BIT STRING of 32 bytes }; ours has that shape. */
const DI_PREFIX = Buffer.from('302d06082a864886f70d0209032100', 'hex');

/** DI (unique_in_site): one per person and merchant; 64 base64 characters starting `MC0GCCqGSIb3DQIJAyEA`, as real. */
export function uniqueInSiteOf(p: Identity, merchantId: string): string {
  const hash = createHash('sha256')
    .update(`iamport-sandbox:di:${merchantId}:${personKey(p)}`)
    .digest();
  return Buffer.concat([DI_PREFIX, hash]).toString('base64');
}

/** Danal's tid as recorded (24 digits): the request's KST time `YYYYMMDDhhmmss`, then 10 digits. */
export function certPgTid(sb: Pick<Gateway, 'clock' | 'ids'>): string {
  const kst = new Date(sb.clock.now() + 9 * 3600_000).toISOString().slice(0, 19).replace(/\D/g, '');
  return kst + sb.ids.digits(10);
}

/** A fresh imp_uid (`imp_` + 12 digits, as recorded), unused by payments and by the merchant's certifications. */
export function newCertImpUid(sb: Pick<Gateway, 'ids' | 'store'>, merchantId: string): string {
  return sb.ids.unique(
    () => `imp_${sb.ids.digits(12)}`,
    (id) => sb.store.payments.exists(id) || sb.store.records.get(merchantId, 'certification', id) !== undefined,
  );
}

/** A certification not (yet) certified: the person's fields are null until the OTP is confirmed. */
export function pendingCertification(
  f: Pick<Certification, 'imp_uid' | 'merchant_uid' | 'pg_provider' | 'pg_tid' | 'origin'>,
): Certification {
  return {
    birth: null,
    birthday: null,
    carrier: null,
    certified: false,
    certified_at: 0,
    foreigner: false,
    foreigner_v2: null,
    gender: null,
    imp_uid: f.imp_uid,
    merchant_uid: f.merchant_uid,
    name: null,
    origin: f.origin,
    pg_provider: f.pg_provider,
    pg_tid: f.pg_tid,
    phone: null,
    unique_in_site: null,
    unique_key: null,
  };
}

/**
 * The certification once the person is verified. Unconfirmed: foreigner_v2 (null without Danal's foreigner option)
 * is given as if the merchant had the option, so foreigner and foreigner_v2 both tell the table's truth.
 */
export function certified(c: Certification, p: Identity, merchantId: string, now: number): Certification {
  return {
    ...c,
    birth: Date.parse(`${p.birthday}T00:00:00+09:00`) / 1000,
    birthday: p.birthday,
    carrier: carrierOf(p),
    certified: true,
    certified_at: now,
    foreigner: p.foreigner,
    foreigner_v2: p.foreigner,
    gender: p.gender,
    name: p.name,
    phone: p.phone,
    unique_in_site: uniqueInSiteOf(p, merchantId),
    unique_key: uniqueKeyOf(p),
  };
}

/** What a REST OTP request waits for. */
interface OtpRequest {
  imp_uid: string;
  /** The person (identities.json key). */
  phone: string;
  /** null: kcp_v2's APP method (confirmed without an OTP). */
  otp: string | null;
  requested_at: number;
  expires_at: number;
}

/**
 * POST /certifications/otp/request. Unconfirmed: a carrier's refusal of the person (outcome "fail") is a 400 like
 * a mismatch (the spec's 400 "대상자 개인정보 중 일부가 … 올바르지 않은 경우"); `pg` picks kcp_v2 when it names it,
 * danal otherwise (any MID after the dot is ignored), and channel_key (required by the spec, for kcp_v2) is accepted
 * and not checked, since the fixture merchants have no certification channel.
 */
export function requestOtp(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids'>,
  identities: Identity[],
  merchant: Merchant,
  body: RequestOtpBody,
): { imp_uid: string } {
  const person = checkIdentity(identities, { ...body, mvno: body.is_mvno ?? false });
  if (person.outcome === 'fail') throw badRequest(person.message ?? MSG.certRefused);
  const provider = parsePg(body.pg).provider === 'kcp_v2' ? 'kcp_v2' : 'danal';
  // The spec: the APP method is kcp_v2's only; with danal it is an SMS like any other.
  const app = provider === 'kcp_v2' && body.verification_method === 'APP';
  return sb.store.tx(() => {
    const now = sb.clock.nowSeconds();
    const imp_uid = newCertImpUid(sb, merchant.id);
    // Unconfirmed: origin (the page of a window verification) is null for a REST one.
    const cert = pendingCertification({
      imp_uid,
      merchant_uid: body.merchant_uid || null,
      pg_provider: provider,
      pg_tid: certPgTid(sb),
      origin: null,
    });
    sb.store.records.put(merchant.id, 'certification', imp_uid, cert, now);
    const req: OtpRequest = {
      imp_uid,
      phone: person.phone,
      otp: app ? null : otpOf(person.phone),
      requested_at: now,
      expires_at: now + OTP_TTL_S,
    };
    sb.store.records.put(merchant.id, 'otp_request', imp_uid, req, now);
    return { imp_uid };
  });
}

/**
 * POST /certifications/otp/confirm/{imp_uid}. The spec's statuses: 404 for no such request, 400 for a missing OTP
 * and for one already certified. Unconfirmed (the spec names no case): a wrong or expired OTP is a 400 too, and the
 * request stays open (a wrong OTP may be typed again; an expired one needs a new request).
 */
export function confirmOtp(
  sb: Pick<Gateway, 'store' | 'clock'>,
  identities: Identity[],
  merchant: Merchant,
  impUid: string,
  body: ConfirmOtpBody,
): Certification {
  return sb.store.tx(() => {
    const cert = sb.store.records.get<Certification>(merchant.id, 'certification', impUid);
    if (cert?.certified) throw badRequest(MSG.certAlreadyCertified);
    const req = sb.store.records.get<OtpRequest>(merchant.id, 'otp_request', impUid);
    const person = req && identities.find((p) => p.phone === req.phone);
    // A window's imp_uid has no OTP request: it is confirmed in its window, not here.
    if (!cert || !req || !person) throw notFound(MSG.certRequestNotFound);
    const otp = body?.otp?.trim() ?? '';
    const now = sb.clock.nowSeconds();
    if (req.otp !== null && !otp) throw badRequest(MSG.certOtpMissing);
    if (now > req.expires_at) throw badRequest(MSG.certOtpExpired(OTP_TTL_S));
    if (req.otp !== null && otp !== req.otp) throw badRequest(MSG.certOtpWrong);
    const done = certified(cert, person, merchant.id, now);
    sb.store.records.put(merchant.id, 'certification', impUid, done, now);
    sb.store.records.remove(merchant.id, 'otp_request', impUid);
    return done;
  });
}

/** GET /certifications/{imp_uid}: certified or not (a pending request answers certified false). */
export function getCertification(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): Certification {
  const c = sb.store.records.get<Certification>(merchant.id, 'certification', impUid);
  if (!c) throw notFound(MSG.certificationNotFound);
  return c;
}

/** DELETE /certifications/{imp_uid}: the record as it was, and everything kept for it (OTP request, window). */
export function deleteCertification(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): Certification {
  return sb.store.tx(() => {
    const c = getCertification(sb, merchant, impUid);
    sb.store.records.remove(merchant.id, 'certification', impUid);
    sb.store.records.remove(merchant.id, 'otp_request', impUid);
    sb.store.records.remove(merchant.id, 'certification_window', impUid);
    return c;
  });
}
