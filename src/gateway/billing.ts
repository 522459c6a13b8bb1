// Billing keys and billing payments (api-v1.md §5): issuing keys by REST key-in, onetime key-in payments, and
// `again`, the charge of a stored key with its three-way outcome (paid / failed with fail_reason / non-zero code).

import { ApiError, badRequest, notFound, refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { ChargeContext } from '../sandbox/faults.js';
import type { CardOutcome, StoredCard } from '../schemas/cards.js';
import type { Channel, Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { AgainBody, Customer, IssueBillingKeyBody, OnetimeBody } from '../schemas/subscribe.js';
import { cardFields, checkCard, storedCard } from './cards.js';
import { refuseChannelGroup } from './channel-groups.js';
import type { Gateway } from './context.js';
import { channelByKey, channelOf, givenChannelKey, pickChannel } from './merchants.js';
import { pageIn, type Paging } from './paging.js';
import { type Buyer, buyerOf, buyerOfCustomer, newImpUid, newPayment, pgApproval } from './payments.js';

type CustomerFields = Partial<
  Pick<
    Customer,
    'customer_id' | 'customer_name' | 'customer_tel' | 'customer_email' | 'customer_addr' | 'customer_postcode'
  >
>;

/** A key issued along with a payment (onetime, the window) takes its owner fields from the payment's buyer_*. */
export function ownerOfBuyer(b: { customer_id?: string } & { [K in keyof Buyer]?: string }): CustomerFields {
  return {
    customer_id: b.customer_id,
    customer_name: b.buyer_name,
    customer_tel: b.buyer_tel,
    customer_email: b.buyer_email,
    customer_addr: b.buyer_addr,
    customer_postcode: b.buyer_postcode,
  };
}

/** Store (or replace) a billing key for a card that passed its checks. Runs inside the caller's transaction. */
export function saveBillingKey(
  sb: Pick<Gateway, 'store' | 'clock'>,
  merchant: Merchant,
  channel: Channel,
  customerUid: string,
  card: StoredCard,
  fields: CustomerFields,
): Customer {
  const now = sb.clock.nowSeconds();
  const previous = sb.store.customers.get(merchant.id, customerUid);
  const customer: Customer = {
    customer_uid: customerUid,
    pg_provider: channel.pg_provider,
    pg_id: channel.pg_id,
    sandbox: channel.sandbox,
    customer_id: fields.customer_id ?? null,
    ...cardFields(card),
    customer_name: fields.customer_name ?? null,
    customer_tel: fields.customer_tel ?? null,
    customer_email: fields.customer_email ?? null,
    customer_addr: fields.customer_addr ?? null,
    customer_postcode: fields.customer_postcode ?? null,
    inserted: previous?.customer.inserted ?? now,
    updated: now,
  };
  sb.store.customers.put(merchant.id, { customer, card });
  return customer;
}

/**
 * The key-in (API) channel of a billing-key issue or a onetime payment: the one `channel_key` names (exactly, or a
 * refusal), else by `pg` with the spec's fallback on the default channel, else the real refusal for merchants without
 * one (e.g. KICC only). The spec (2026) marks channel_key required on billing-key issue; whether the real server
 * enforces it is unconfirmed, so it stays optional here and `pg` keeps working.
 */
function apiChannel(merchant: Merchant, pg: string | undefined, key: string | null): Channel {
  if (key) return channelByKey(merchant, key, 'api_payment');
  const channel = pickChannel(merchant, 'api_payment', pg);
  if (!channel) throw refused(MSG.noApiChannel, 1);
  return channel;
}

/** POST /subscribe/customers/{customer_uid}: issue a billing key by key-in. Not possible on KICC (window only). */
export function issueBillingKey(
  sb: Pick<Gateway, 'store' | 'clock' | 'cards'>,
  merchant: Merchant,
  customerUid: string,
  body: IssueBillingKeyBody,
): Customer {
  refuseChannelGroup(body);
  const channel = apiChannel(merchant, body.pg, givenChannelKey(body));
  const { rule, digits } = checkCard(sb.cards, body, sb.clock.now(), MSG.billingKeyFailed);
  return sb.store.tx(() => saveBillingKey(sb, merchant, channel, customerUid, storedCard(rule, digits), body));
}

export function getCustomer(sb: Pick<Gateway, 'store' | 'config'>, merchant: Merchant, customerUid: string): Customer {
  const rec = sb.store.customers.get(merchant.id, customerUid);
  if (!rec) throw new ApiError(sb.config.UNKNOWN_CUSTOMER_STATUS, 1, MSG.customerNotFound(customerUid));
  return rec.customer;
}

/**
 * GET /subscribe/customers?customer_uid[]=: the billing keys found, in the order asked (duplicates once);
 * 207 when some are unknown, 404 when none is known (api-v1.md §1.2, §5.4).
 */
export function getCustomers(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  customerUids: string[],
): { status: 200 | 207; list: Customer[] } {
  // Invented (api-v1.md §1.2 records no text for either): an empty list is a bad parameter (400); none found is 404.
  if (customerUids.length === 0) throw badRequest(MSG.noCustomerUids);
  const found = new Map<string, Customer>();
  let missing = 0;
  for (const uid of customerUids) {
    const rec = sb.store.customers.get(merchant.id, uid);
    if (rec) found.set(uid, rec.customer);
    else missing++;
  }
  if (found.size === 0) throw notFound(MSG.customersNotFound);
  return { status: missing > 0 ? 207 : 200, list: [...found.values()] };
}

/**
 * GET /subscribe/customers/{customer_uid}/payments: the payments made with this customer_uid, newest first, paged.
 * Unconfirmed (api-v1.md §1.2): SPEC lists 404 but a live client test saw no error for an unknown uid; we answer an
 * empty page (200). A deleted key's payments are still listed: they belong to the customer_uid, not to the key.
 */
export function customerPayments(sb: Pick<Gateway, 'store'>, merchant: Merchant, customerUid: string, q: Paging) {
  const f = { customer_uid: customerUid, sorting: '-started' } as const;
  const total = sb.store.payments.count(merchant.id, f);
  return pageIn(total, q, (offset, limit) => sb.store.payments.list(merchant.id, f, { offset, limit }));
}

export function deleteCustomer(
  sb: Pick<Gateway, 'store' | 'config'>,
  merchant: Merchant,
  customerUid: string,
): Customer {
  return sb.store.tx(() => {
    const customer = getCustomer(sb, merchant, customerUid);
    sb.store.customers.remove(merchant.id, customerUid);
    return customer;
  });
}

interface ChargeRequest {
  channel: Channel;
  card: StoredCard;
  body: Omit<AgainBody, 'customer_uid'>;
  customer_uid: string | null;
  usage: Payment['customer_uid_usage'];
  via: Pick<ChargeContext, 'method' | 'path'>;
  /** Buyer fields to fall back on (a billing key's customer_*), explicit buyer_* win. */
  buyerDefaults?: Buyer;
  user_agent?: string | null;
  /** A payment-window charge: its `imp_` uid and pc/mobile channel (REST charges get `imps_` and 'api'). */
  window?: { imp_uid: string; channel: 'pc' | 'mobile' };
}

/**
 * One charge of a card through the PG, inside the caller's transaction: refuses a merchant_uid that is already paid,
 * asks the fault book, applies the card's rule, and stores the paid or failed payment. A PG error (non-zero code)
 * stores nothing.
 */
export type ChargeDeps = Pick<Gateway, 'store' | 'clock' | 'ids' | 'faults'>;

export function charge(sb: ChargeDeps, merchant: Merchant, r: ChargeRequest): Payment {
  const { body } = r;
  // Invented message (api-v1.md §10.3): only a merchant_uid that was paid is refused; one with only failed
  // attempts may be charged again (§5.2 [L]). Unconfirmed (§3.3 [L]): REST charges do not consult
  // POST /payments/prepare amounts; only the payment window does.
  if (sb.store.payments.paidByMerchantUid(merchant.id, body.merchant_uid)) throw refused(MSG.alreadyPaid, 1);
  const fault = sb.faults.takeBusiness({
    merchantId: merchant.id,
    ...r.via,
    customer_uid: r.customer_uid,
    merchant_uid: body.merchant_uid,
    amount: body.amount,
  });
  let outcome: CardOutcome = r.card.charge;
  if (fault?.type === 'api_error') throw new ApiError(200, fault.code, fault.message);
  if (fault?.type === 'pg_error') outcome = { result: 'error', error_code: 'F0005', message: fault.message };
  if (fault?.type === 'decline') outcome = { result: 'decline', error_code: 'F0004', message: fault.fail_reason };
  if (outcome.result === 'error' || outcome.result === 'refuse') throw new ApiError(200, -1, outcome.message);
  const failReason = outcome.result === 'decline' ? outcome.message : null;

  const now = sb.clock.nowSeconds();
  const paid = outcome.result === 'approve';
  const approval = pgApproval(sb, r.channel);
  const payment = newPayment({
    imp_uid: r.window?.imp_uid ?? newImpUid(sb, 'imps_'),
    merchant_uid: body.merchant_uid,
    channel: r.window?.channel ?? 'api',
    pg_provider: r.channel.pg_provider,
    pg_id: r.channel.pg_id,
    pg_tid: approval.pg_tid,
    sandbox: r.channel.sandbox,
    apply_num: paid ? approval.apply_num : null,
    ...cardFields(r.card),
    card_quota: body.card_quota ?? 0,
    name: body.name ?? null,
    amount: body.amount,
    currency: body.currency ?? 'KRW',
    ...buyerOf(body, r.buyerDefaults),
    custom_data: body.custom_data ?? null,
    user_agent: r.user_agent ?? null,
    status: paid ? 'paid' : 'failed',
    started_at: now,
    paid_at: paid ? now : 0,
    failed_at: paid ? 0 : now,
    fail_reason: failReason,
    receipt_url: paid ? approval.receipt_url : null,
    customer_uid: r.customer_uid,
    customer_uid_usage: r.usage,
  });
  try {
    sb.store.payments.insert(merchant.id, payment, now);
  } catch (e) {
    // The partial unique index payments_paid_once is the second guard: another process on the same database file
    // paid this merchant_uid between our check and our insert.
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && paid) throw refused(MSG.alreadyPaid, 1);
    throw e;
  }
  return payment;
}

/**
 * The channel a billing key is charged on: the one it was issued on. A channel_key (the spec's, for "super" billing
 * keys issued on several channels) must name that channel; another merchant channel or an unknown key is refused, as
 * the sandbox's keys belong to one channel each. The payment's `sandbox` is the key's, copied from its channel when
 * it was issued (a channel removed since keeps charging, on the key's own provider and MID).
 */
export function keyChannel(merchant: Merchant, customer: Customer, key: string | null): Channel {
  if (key) {
    const named = channelByKey(merchant, key);
    if (named.pg_provider !== customer.pg_provider || named.pg_id !== customer.pg_id) {
      throw refused(MSG.billingKeyOtherChannel(key, customer.customer_uid), 1);
    }
  }
  const found = channelOf(merchant, customer.pg_provider, customer.pg_id);
  return {
    pg_provider: customer.pg_provider,
    pg_id: customer.pg_id,
    type: found?.type ?? 'payment',
    channel_key: found?.channel_key ?? '',
    channel_name: found?.channel_name ?? '',
    sandbox: customer.sandbox,
  };
}

/**
 * Charge a stored billing key: POST /subscribe/payments/again, and scheduled payments (usage 'payment.scheduled').
 * Unknown customer_uid ⇒ HTTP 200 code 1 `등록되지 않은 구매자입니다.`; decline ⇒ code 0 with status failed.
 * Everything happens in one synchronous transaction, so two requests with one merchant_uid never both charge.
 */
export function chargeBillingKey(
  sb: ChargeDeps & Pick<Gateway, 'webhooks'>,
  merchant: Merchant,
  body: AgainBody,
  opts: {
    usage?: 'payment' | 'payment.scheduled';
    via: Pick<ChargeContext, 'method' | 'path'>;
    user_agent?: string | null;
    unknownMessage?: string;
  },
): Payment {
  return sb.store.tx(() => {
    const rec = sb.store.customers.get(merchant.id, body.customer_uid);
    if (!rec) throw refused(opts.unknownMessage ?? MSG.unknownBuyer, 1);
    const channel = keyChannel(merchant, rec.customer, givenChannelKey(body));
    const payment = charge(sb, merchant, {
      channel,
      card: rec.card,
      body,
      customer_uid: body.customer_uid,
      usage: opts.usage ?? 'payment',
      via: opts.via,
      buyerDefaults: buyerOfCustomer(rec.customer),
      user_agent: opts.user_agent,
    });
    if (payment.status === 'paid') sb.webhooks.paymentEvent(merchant, payment, { notice_url: body.notice_url });
    return payment;
  });
}

/** POST /subscribe/payments/onetime: a key-in payment, optionally saving the card as a billing key. */
export function payOnetime(
  sb: ChargeDeps & Pick<Gateway, 'cards' | 'webhooks'>,
  merchant: Merchant,
  body: OnetimeBody,
  via: Pick<ChargeContext, 'method' | 'path'>,
  userAgent?: string | null,
): Payment {
  refuseChannelGroup(body);
  const channel = apiChannel(merchant, body.pg, givenChannelKey(body));
  const { rule, digits } = checkCard(sb.cards, body, sb.clock.now(), MSG.cardAuthFailed);
  const card = storedCard(rule, digits);
  return sb.store.tx(() => {
    if (body.customer_uid) saveBillingKey(sb, merchant, channel, body.customer_uid, card, ownerOfBuyer(body));
    // Unconfirmed (api-v1.md §5.1): the usage of a onetime payment that also saves a key; we say 'payment'
    // because money moved; a plain onetime has none.
    const payment = charge(sb, merchant, {
      channel,
      card,
      body,
      customer_uid: body.customer_uid ?? null,
      usage: body.customer_uid ? 'payment' : null,
      via,
      user_agent: userAgent,
    });
    if (payment.status === 'paid') sb.webhooks.paymentEvent(merchant, payment, { notice_url: body.notice_url });
    return payment;
  });
}
