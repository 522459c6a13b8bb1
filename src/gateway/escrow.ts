// Escrow delivery info (GET|POST|PUT /escrows/logis/{imp_uid}): the shipping of an escrow payment, registered once,
// then changed, and read. A payment is escrow when its window was opened with `escrow: true` (its `escrow` field).

import { conflict, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { EscrowLogis, EscrowLogisBody, EscrowLogisRecord } from '../schemas/escrow.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Gateway } from './context.js';

const KIND = 'escrow_logis';

// Unconfirmed (the spec gives the statuses only): every refusal of a known payment is HTTP 409, as the spec lists for
// "already registered" and "this payment cannot take delivery info", with code 1 (api-v1.md §1.1: the code of the
// "logical" failures). The sandbox models KICC, which the spec does not list among the PGs of this API (its 400 for an
// unsupported PG): the sandbox accepts escrow payments of every channel, so the API can be exercised at all.

/** The escrow payment of an imp_uid, or the real 404 (unknown) / our 409 (not escrow). */
function escrowPayment(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): Payment {
  const p = sb.store.payments.get(merchant.id, impUid);
  if (!p) throw notFound(MSG.paymentNotFound);
  if (!p.escrow) throw conflict(MSG.escrowNotEscrow, 1);
  return p;
}

/**
 * Unconfirmed: delivery info is registered or changed only for a paid payment (a virtual account not yet paid in, a
 * failed or fully cancelled payment has nothing to ship); a partly cancelled one still is `paid`, so it may.
 */
function mustBePaid(p: Payment): void {
  if (p.status !== 'paid') throw conflict(MSG.escrowNotPaid(p.status), 1);
}

const answer = (r: EscrowLogisRecord): EscrowLogis => ({
  company: r.logis.company,
  invoice: r.logis.invoice,
  sent_at: r.logis.sent_at,
  applied_at: r.applied_at,
});

/** GET: the registered info; 409 `등록된 배송정보가 존재하지 않습니다.` (the spec's 409) before any POST. */
export function getEscrowLogis(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): EscrowLogis {
  escrowPayment(sb, merchant, impUid);
  const r = sb.store.records.get<EscrowLogisRecord>(merchant.id, KIND, impUid);
  if (!r) throw conflict(MSG.escrowNotRegistered, 1);
  return answer(r);
}

/** POST: the first registration. Unconfirmed: a second POST is refused (409, the spec's "이미 배송정보 등록이 완료됨"). */
export function saveEscrowLogis(
  sb: Pick<Gateway, 'store' | 'clock'>,
  merchant: Merchant,
  impUid: string,
  body: EscrowLogisBody,
): EscrowLogis {
  return sb.store.tx(() => {
    const p = escrowPayment(sb, merchant, impUid);
    if (sb.store.records.get<EscrowLogisRecord>(merchant.id, KIND, impUid))
      throw conflict(MSG.escrowAlreadyRegistered, 1);
    mustBePaid(p);
    const now = sb.clock.nowSeconds();
    const r: EscrowLogisRecord = { imp_uid: impUid, ...body, registered_at: now, applied_at: now };
    sb.store.records.put(merchant.id, KIND, impUid, r, now);
    return answer(r);
  });
}

/**
 * PUT: replace the registered info with the body (sender, receiver and logis are required again, as in the spec).
 * Unconfirmed: before any POST it is refused with the GET's 409 (nothing to change); applied_at becomes the
 * time of the change.
 */
export function editEscrowLogis(
  sb: Pick<Gateway, 'store' | 'clock'>,
  merchant: Merchant,
  impUid: string,
  body: EscrowLogisBody,
): EscrowLogis {
  return sb.store.tx(() => {
    const p = escrowPayment(sb, merchant, impUid);
    const prev = sb.store.records.get<EscrowLogisRecord>(merchant.id, KIND, impUid);
    if (!prev) throw conflict(MSG.escrowNotRegistered, 1);
    mustBePaid(p);
    const now = sb.clock.nowSeconds();
    const r: EscrowLogisRecord = { imp_uid: impUid, ...body, registered_at: prev.registered_at, applied_at: now };
    sb.store.records.put(merchant.id, KIND, impUid, r, prev.registered_at);
    return answer(r);
  });
}
