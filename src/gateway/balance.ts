// GET /payments/{imp_uid}/balance (operation balanceByImpUid): what a payment is worth per payment-method part
// (primary, secondary, discount, cash_receipt; each split into tax_free, supply, vat and service), now and after each
// event, built from the stored payment (amount, paid_at, cancel_history).
//
// The spec says the real service answers this for PAYCO payments only and leaves the rest open. Our decisions, all
// Unconfirmed:
// - every payment of the sandbox gets an answer (KICC included): an SDK's balance call can be exercised at all;
// - the whole amount is the primary part (card, vbank, trans, phone). The sandbox has no PG or card-company points
//   (secondary) and no PG or card-company discounts (discount), so both are always zero;
// - the payment stores no tax-free amount, so everything is taxable: vat = amount / 11 rounded half up to the
//   currency's unit (KRW: 1 won, others: 0.01; the spec's "amount의 1/11 이 부가세"), supply = amount - vat,
//   tax_free = 0, service = 0 (KICC sends no service charge);
// - each cancel is split the same way and subtracted, so the top-level figures are the last history entry's
//   ("환불시 마이너스 차감된 최종 금액") and a full cancel leaves exact zeros;
// - histories are snapshots of the balance, oldest first: one at paid_at, then one per cancel at its cancelled_at.
//   A payment never paid (ready, failed, an unpaid virtual account) has zeros and no history;
// - cash_receipt mirrors primary while the payment's cash receipt is issued (cash_receipt_issued), zeros otherwise:
//   the sandbox keeps no time of issue, so every snapshot shows the receipt as it is now.

import type { PaymentBalance, PaymentBalanceHistory, PaymentBalanceResponse } from '../schemas/codes.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Gateway } from './context.js';
import { getPayment } from './payments.js';

const ZERO: PaymentBalance = { tax_free: 0, supply: 0, vat: 0, service: 0 };

/** Round to the currency's smallest unit: whole won for KRW, hundredths for the others. */
function unitRound(x: number, currency: string): number {
  const per = currency === 'KRW' ? 1 : 100;
  return Math.round(x * per) / per;
}

/** An amount, all of it taxable: VAT is 1/11 of it, the rest is the supply value. */
export function taxableSplit(amount: number, currency: string): PaymentBalance {
  const vat = unitRound(amount / 11, currency);
  return { tax_free: 0, supply: unitRound(amount - vat, currency), vat, service: 0 };
}

function minus(a: PaymentBalance, b: PaymentBalance, currency: string): PaymentBalance {
  return {
    tax_free: unitRound(a.tax_free - b.tax_free, currency),
    supply: unitRound(a.supply - b.supply, currency),
    vat: unitRound(a.vat - b.vat, currency),
    service: unitRound(a.service - b.service, currency),
  };
}

function snapshot(p: Payment, primary: PaymentBalance, created: number): PaymentBalanceHistory {
  return {
    cash_receipt: p.cash_receipt_issued ? primary : ZERO,
    primary,
    secondary: ZERO,
    discount: ZERO,
    created,
  };
}

/** The balance of a stored payment (see the notes at the top of this file). */
export function balanceOf(p: Payment): PaymentBalanceResponse {
  const histories: PaymentBalanceHistory[] = [];
  if (p.paid_at > 0) {
    let primary = taxableSplit(p.amount, p.currency);
    histories.push(snapshot(p, primary, p.paid_at));
    for (const c of p.cancel_history) {
      primary = minus(primary, taxableSplit(c.amount, p.currency), p.currency);
      histories.push(snapshot(p, primary, c.cancelled_at));
    }
  }
  const last = histories.at(-1) ?? snapshot(p, ZERO, 0);
  return {
    amount: p.amount,
    cash_receipt: last.cash_receipt,
    primary: last.primary,
    secondary: last.secondary,
    discount: last.discount,
    histories,
  };
}

/** GET /payments/{imp_uid}/balance: the balance of one payment of this merchant; 404 like GET /payments/{imp_uid}. */
export function paymentBalance(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): PaymentBalanceResponse {
  return balanceOf(getPayment(sb, merchant, impUid));
}
