// Virtual accounts (pay_method 'vbank'): issued by the payment window, paid in by the control API's deposit.

import { CMSG } from '../http/control-messages.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { Channel, Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { DepositBody, DepositResult, Done } from '../schemas/window.js';
import type { WindowRequest } from '../store/window.js';
import { accountNumber, defaultVbankDue, parseVbankDue } from './banks.js';
import type { Gateway } from './context.js';
import { newImpUid, pgApproval } from './payments.js';
import { basePayment, finish } from './window-result.js';
import { onMerchantClock } from '../sandbox/clock.js';

/**
 * The submit button of a virtual-account window: the account is issued at once, the payment is `ready` with the
 * vbank_* fields (api-v1.md §4), and the callback says success (sdk-v1.md §3.2: "approved or the virtual account was
 * issued"). An unknown bank keeps the window open (400), like a badly typed card.
 */
export function issueVbank(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids' | 'banks' | 'webhooks'>,
  merchant: Merchant,
  w: WindowRequest,
  channel: Channel,
  code: string | undefined,
): Done {
  const bank = code === undefined ? undefined : sb.banks.get(code);
  if (!bank) throw badRequest(MSG.chooseBank, 'vbank_code');
  const p = w.params;
  const now = sb.clock.nowSeconds();
  sb.store.tx(() => {
    const { pg_tid, receipt_url } = pgApproval(sb, channel);
    const pay = basePayment(w, channel, newImpUid(sb, 'imp_'), now, {
      status: 'ready',
      pay_method: 'vbank',
      pg_tid,
      receipt_url,
      vbank_code: bank.code,
      vbank_name: bank.name,
      vbank_num: accountNumber(bank, (n) => sb.ids.digits(n)),
      // Unconfirmed (api-v1.md §4 only says "string/null"): the holder a PG shows is usually the merchant's name; we
      // use the merchant's name as the sandbox knows it.
      vbank_holder: merchant.name,
      // Checked when the window opened. Unconfirmed default: see defaultVbankDue (7 days, end of day KST).
      vbank_date: p.vbank_due !== undefined ? parseVbankDue(String(p.vbank_due))! : defaultVbankDue(now),
      vbank_issued_at: now,
      paid_at: 0,
    });
    sb.store.payments.insert(merchant.id, pay, now);
    finish(sb, w, pay, null);
    // api-v1.md §6: a virtual account issued notifies with status `ready`.
    sb.webhooks.paymentEvent(merchant, pay, { notice_url: p.notice_url });
  });
  return sb.store.window.get(w.id)!.request.done!;
}

/**
 * POST /__sandbox/vbanks/:imp_uid/deposit: the buyer transfers the amount due; the payment becomes `paid` (api-v1.md
 * §6: a deposit notifies `paid`). Found by imp_uid across merchants (a control call, like a bank's notice to the
 * gateway). Messages are the control API's own (English). The deposit history is not written: api-v1.md §4 has it only
 * for fixed (unlimited) accounts, and ours are one-off; the depositor's name is echoed back only.
 */
export function depositVbank(
  parts: Pick<Gateway, 'store' | 'clock' | 'clocks' | 'webhooks'>,
  impUid: string,
  given: DepositBody,
): DepositResult {
  const body = given ?? {};
  const merchantId = parts.store.payments.ownerOf(impUid);
  const merchant = merchantId === undefined ? undefined : parts.store.merchants.get(merchantId);
  if (!merchant) throw notFound(CMSG.unknownImpUid(impUid));
  const sb = onMerchantClock(parts, merchant.id);
  const payment = sb.store.tx(() => {
    const p = sb.store.payments.get(merchant.id, impUid)!;
    if (p.pay_method !== 'vbank' || p.vbank_issued_at === 0) throw conflict(CMSG.notVbank(impUid, p.pay_method));
    if (p.status !== 'ready') throw conflict(CMSG.vbankNotReady(impUid, p.status));
    const now = sb.clock.nowSeconds();
    // Unconfirmed: expiry is not modelled (an account past its due stays `ready`, as nothing says what the gateway
    // records then), but a bank closes the account at its due, so a later deposit is refused.
    if (now > p.vbank_date) throw conflict(CMSG.vbankPastDue(impUid, new Date(p.vbank_date * 1000).toISOString()));
    // Unconfirmed (no public source on a wrong amount; most PGs refuse the transfer at the bank): refused here, so a
    // test never produces a `paid` payment whose paid amount differs from `amount`.
    const amount = body.amount ?? p.amount;
    if (amount !== p.amount) throw badRequest(CMSG.depositAmount(amount, p.amount));
    const after: Payment = { ...p, status: 'paid', paid_at: now };
    sb.store.payments.update(merchant.id, after, now);
    // The deposit webhook goes where the issue's went: the request's notice_url, else the merchant's URL.
    const w = sb.store.window.byImpUid(merchant.id, impUid);
    sb.webhooks.paymentEvent(merchant, after, { notice_url: w?.params.notice_url });
    return after;
  });
  return { merchant: merchant.merchant_code, depositor_name: body.depositor_name ?? null, payment };
}
