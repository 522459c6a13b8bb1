// POST /__sandbox/billing-keys: a billing key issued through the payment window's own path, without a browser.
// KICC issues keys only in the window (REST key-in lands on a key-in channel, which KICC-only merchants lack), so a
// test suite would otherwise need Chromium for every KICC key. Nothing is re-implemented: the window is opened with
// billing params and its card form submitted through openWindow and submitWindow, so the checks, the records (the
// window request, the issue payment, the billing key) and the webhook are the window's own.

import { CMSG } from '../http/control-messages.js';
import { onMerchantClock } from '../sandbox/clock.js';
import { ApiError, badRequest, conflict } from '../http/errors.js';
import type { IssuedWindowKey, IssueWindowKeyBody } from '../schemas/billing-keys.js';
import type { Channel, Merchant } from '../schemas/merchants.js';
import type { PayParams } from '../schemas/window.js';
import { findMerchant } from './merchants.js';
import { openWindow } from './window.js';
import { submitWindow } from './window-submit.js';

/** Exactly what the window's own functions take: the control call goes through them and nothing else. */
type Deps = Parameters<typeof openWindow>[0] & Parameters<typeof submitWindow>[0];

/** KICC refuses a billing window without buyer_tel; a test that does not care gets this one. */
export const DEFAULT_BUYER_TEL = '010-0000-0000';
/** The order name a billing window shows when none is given (the README's request_pay example). */
export const DEFAULT_ISSUE_NAME = '최초인증결제';

/** The window channel a key is issued on: the given channel_key (never a silent fallback), else the first one. */
function windowChannel(m: Merchant, channelKey: string | undefined): Channel {
  const windows = m.channels.filter((c) => c.type === 'payment');
  if (channelKey === undefined) {
    const first = windows[0];
    if (!first) throw conflict(CMSG.noWindowChannel(m.id));
    return first;
  }
  const channel = windows.find((c) => c.channel_key === channelKey);
  if (!channel) {
    const keyIn = m.channels.some((c) => c.channel_key === channelKey);
    throw badRequest(
      CMSG.unknownWindowChannel(
        m.id,
        channelKey,
        keyIn,
        windows.map((c) => c.channel_key),
      ),
      'channel_key',
    );
  }
  return channel;
}

/** The card the window's form gets: the given fields, else the always-approving test card, valid five more years. */
function cardForm(sb: Pick<Deps, 'cards' | 'clock'>, body: IssueWindowKeyBody) {
  let cardNumber = body.card_number;
  if (cardNumber === undefined) {
    const approving = sb.cards.rules.find((r) => r.issue.result === 'approve' && r.charge.result === 'approve');
    if (!approving) throw conflict(CMSG.noApprovingCard);
    cardNumber = approving.number;
  }
  const y = new Date(sb.clock.now()).getUTCFullYear() + 5;
  return {
    card_number: cardNumber,
    expiry: body.expiry ?? `12/${String(y % 100).padStart(2, '0')}`,
    birth: body.birth ?? '900101',
    pwd_2digit: body.pwd_2digit ?? '12',
  };
}

/**
 * Issue a billing key as a window registration does: open the window (request_pay with customer_uid on the chosen
 * channel), submit the card form, and answer the stored key with its issue record's ids. A refusal before the window
 * opens leaves nothing; a card refused at issuance leaves the window's failed issue record and is answered 409; a form
 * error (one the window would mark and keep open) leaves nothing and is answered 400 naming the field.
 */
export function issueWindowBillingKey(sb: Deps, body: IssueWindowKeyBody, userAgent: string | null): IssuedWindowKey {
  const merchant = body.merchant ? findMerchant(sb.store, body.merchant) : sb.store.merchants.all()[0]!;
  const channel = windowChannel(merchant, body.channel_key);
  // The default expiry is five years on the merchant's clock, the one its window checks the card against.
  const form = cardForm(onMerchantClock(sb, merchant.id), body);
  const { done } = sb.store.tx(() => {
    const merchantUid =
      body.merchant_uid ??
      sb.ids.unique(
        () => `issue_${sb.ids.hex(16)}`,
        (v) => sb.store.payments.list(merchant.id, { merchant_uid: v }, { offset: 0, limit: 1 }).length > 0,
      );
    const params: Partial<PayParams> = {
      channelKey: channel.channel_key,
      pay_method: 'card',
      merchant_uid: merchantUid,
      name: body.name ?? DEFAULT_ISSUE_NAME,
      amount: body.amount ?? 0,
      customer_uid: body.customer_uid,
      customer_id: body.customer_id,
      buyer_name: body.buyer_name,
      buyer_email: body.buyer_email,
      buyer_tel: body.buyer_tel ?? DEFAULT_BUYER_TEL,
      buyer_addr: body.buyer_addr,
      buyer_postcode: body.buyer_postcode,
      custom_data: body.custom_data,
      notice_url: body.notice_url,
    };
    for (const k of Object.keys(params) as (keyof PayParams)[]) if (params[k] === undefined) delete params[k];
    // A browser test may have armed the autopilot for its next window: this window is not that one.
    const armed = sb.store.window.takeArmed(merchant.id);
    const opened = openWindow(sb, { merchant: merchant.id, device: 'pc', params }, userAgent);
    if (armed) sb.store.window.arm(merchant.id, armed);
    if (!opened.opened || !opened.id)
      throw conflict(CMSG.windowRefused(opened.rsp?.error_code ?? '', opened.rsp?.error_msg ?? ''));
    try {
      return { done: submitWindow(sb, opened.id, form) };
    } catch (e) {
      // A format error keeps a real window open for the person to correct; here it ends the call and the window
      // (the transaction takes the opened window back with it).
      if (e instanceof ApiError && e.status === 400) throw badRequest(CMSG.badCardForm(e.field, e.message), e.field);
      throw e;
    }
  });
  const rsp = done.rsp;
  if (!rsp.success)
    throw conflict(CMSG.billingKeyRefused(rsp.imp_uid ?? '', rsp.error_code ?? '', rsp.error_msg ?? ''));
  const customer = sb.store.customers.get(merchant.id, body.customer_uid)!.customer;
  return { ...customer, imp_uid: rsp.imp_uid!, merchant_uid: rsp.merchant_uid! };
}
