// The payment window's buttons: the submitted card (a billing key issued, or a payment charged, through the same
// gateway code as REST) and the cancel button. Form format errors keep the window open; everything else ends it.

import { ApiError, badRequest, conflict, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { StoredCard } from '../schemas/cards.js';
import type { Channel, Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Done, SubmitBody } from '../schemas/window.js';
import type { WindowRequest } from '../store/window.js';
import { cardDigits, luhnValid } from '../util/card-number.js';
import { type ChargeDeps, charge, ownerOfBuyer, saveBillingKey } from './billing.js';
import { cardFields, checkCard, parseExpiry, storedCard } from './cards.js';
import type { Gateway } from './context.js';
import { pickChannel } from './merchants.js';
import { newImpUid, pgApproval } from './payments.js';
import { issueVbank } from './vbanks.js';
import { onMerchantClock } from '../sandbox/clock.js';
import { basePayment, customDataString, ERROR_CODE, finish } from './window-result.js';

type Deps = ChargeDeps & Pick<Gateway, 'cards' | 'banks' | 'config' | 'webhooks' | 'clocks'>;

function openRequest(
  sb: Pick<Gateway, 'store'>,
  id: string,
): { merchant: Merchant; w: WindowRequest; channel: Channel } {
  const rec = sb.store.window.get(id);
  const merchant = rec && sb.store.merchants.get(rec.merchantId);
  if (!rec || !merchant) throw notFound(MSG.windowNotFound);
  if (rec.status !== 'open') throw conflict(MSG.windowDone, 1);
  const w = rec.request;
  const channel = pickChannel(merchant, 'payment', `${w.pg_provider}.${w.pg_id}`);
  if (!channel) throw notFound(MSG.windowNotFound);
  return { merchant, w, channel };
}

/** Form format errors keep the window open (HTTP 400, the person corrects them); everything else ends it. */
function checkForm(f: SubmitBody): void {
  const digits = cardDigits(f.card_number);
  if (!digits || !luhnValid(digits)) throw badRequest(MSG.badCardNumber, 'card_number');
  if (!parseExpiry(f.expiry)) throw badRequest(MSG.badExpiry, 'expiry');
  if (!/^(\d{6}|\d{10})$/.test(f.birth.replace(/-/g, ''))) throw badRequest(MSG.badBirth, 'birth');
  if (!/^\d{2}$/.test(f.pwd_2digit)) throw badRequest(MSG.badPwd, 'pwd_2digit');
}

/** The submit button: issue a billing key (nothing charged) or charge the card, through the REST gateway code. */
export function submitWindow(given: Deps, id: string, form: SubmitBody): Done {
  const { merchant, w, channel } = openRequest(given, id);
  const sb = onMerchantClock(given, merchant.id);
  if (w.params.pay_method === 'vbank' && w.params.customer_uid === undefined)
    return issueVbank(sb, merchant, w, channel, form.vbank_code);
  checkForm(form);
  const p = w.params;
  const billing = p.customer_uid !== undefined;
  const now = sb.clock.nowSeconds();
  let errorCode: string | null = null;
  // Set once the card passed its checks: a later ApiError is the PG's, an earlier one the card's refusal.
  const checked: { card: StoredCard | null } = { card: null };
  try {
    sb.store.tx(() => {
      const impUid = newImpUid(sb, 'imp_');
      const { rule, digits } = checkCard(
        sb.cards,
        form,
        sb.clock.now(),
        billing ? MSG.billingKeyFailed : MSG.cardAuthFailed,
      );
      const card = storedCard(rule, digits);
      checked.card = card;
      let pay: Payment;
      if (billing) {
        saveBillingKey(sb, merchant, channel, p.customer_uid!, card, ownerOfBuyer(p));
        // KICC approves nothing at issuance (sdk-v1.md §3.4, H); the record's status and amount are unconfirmed
        // (one log: paid / 0): we record paid with amount 0, or the displayed amount with WINDOW_ISSUE_AMOUNT=requested.
        pay = basePayment(w, channel, impUid, now, {
          status: 'paid',
          amount: sb.config.WINDOW_ISSUE_AMOUNT === 'requested' ? p.amount : 0,
          paid_at: now,
          pg_tid: pgApproval(sb, channel).pg_tid,
          ...cardFields(card),
          customer_uid: p.customer_uid!,
          customer_uid_usage: 'issue',
        });
        sb.store.payments.insert(merchant.id, pay, now);
      } else {
        pay = charge(sb, merchant, {
          channel,
          card,
          body: {
            merchant_uid: p.merchant_uid,
            amount: p.amount,
            name: p.name,
            currency: p.currency,
            buyer_name: p.buyer_name,
            buyer_email: p.buyer_email,
            buyer_tel: p.buyer_tel,
            buyer_addr: p.buyer_addr,
            buyer_postcode: p.buyer_postcode,
            custom_data: customDataString(p.custom_data),
            card_quota: p.card_quota,
            notice_url: p.notice_url,
          },
          customer_uid: null,
          usage: null,
          via: { method: 'POST', path: '/window/api/requests/:id/submit' },
          user_agent: w.user_agent,
          window: { imp_uid: impUid, channel: w.device },
        });
        if (pay.status === 'failed') errorCode = ERROR_CODE.declined;
      }
      finish(sb, w, pay, errorCode);
      // No webhook for failures (sdk-v1.md §3.3, H).
      if (pay.status === 'paid') sb.webhooks.paymentEvent(merchant, pay, { notice_url: p.notice_url });
      return pay;
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // The card was refused, or the PG failed (card rule or fault book): the window's payment still exists, failed.
    const card = checked.card;
    errorCode = card === null ? ERROR_CODE.declined : ERROR_CODE.stopped;
    sb.store.tx(() => {
      const pay = basePayment(w, channel, newImpUid(sb, 'imp_'), now, {
        status: 'failed',
        failed_at: now,
        fail_reason: e.message,
        ...(card ? cardFields(card) : {}),
        customer_uid: p.customer_uid ?? null,
        customer_uid_usage: billing ? 'issue' : null,
      });
      sb.store.payments.insert(merchant.id, pay, now);
      finish(sb, w, pay, errorCode);
      return pay;
    });
  }
  return sb.store.window.get(id)!.request.done!;
}

/**
 * The cancel button. Unconfirmed (sdk-v1.md §3.3): most PGs store a cancelled window as `ready`, INICIS and the new
 * docs ("window closed / cancel button") as `failed`. We store `failed`, fail_reason = the callback's message, so
 * GET /payments/{imp_uid} agrees with rsp.status.
 */
export function cancelWindow(given: Pick<Gateway, 'store' | 'clock' | 'clocks' | 'ids'>, id: string): Done {
  const { merchant, w, channel } = openRequest(given, id);
  const sb = onMerchantClock(given, merchant.id);
  const now = sb.clock.nowSeconds();
  sb.store.tx(() => {
    const pay = basePayment(w, channel, newImpUid(sb, 'imp_'), now, {
      status: 'failed',
      failed_at: now,
      fail_reason: MSG.userCancelled,
      customer_uid: w.params.customer_uid ?? null,
      customer_uid_usage: w.params.customer_uid !== undefined ? 'issue' : null,
    });
    sb.store.payments.insert(merchant.id, pay, now);
    finish(sb, w, pay, ERROR_CODE.stopped, MSG.userCancelled);
  });
  return sb.store.window.get(id)!.request.done!;
}
