// The payment window's opening: whether a request_pay may open a window at all (or is refused before any window
// exists), and the headless autopilot that drives the next window. The buttons are in window-submit.ts, the end of a
// window (callback, redirect) in window-result.ts. The browser code only shows these answers.

import type { ZodError } from 'zod';
import { CMSG } from '../http/control-messages.js';
import { conflict, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type {
  Armed,
  AutopilotBody,
  AutopilotPlan,
  Callback,
  OpenBody,
  OpenResult,
  VbankAutopilotPlan,
} from '../schemas/window.js';
import { PayParamsSchema } from '../schemas/window.js';
import type { WindowRequest } from '../store/window.js';
import { parseVbankDue } from './banks.js';
import type { Gateway } from './context.js';
import { pickChannel } from './merchants.js';
import { ERROR_CODE, redirectUrl } from './window-result.js';
import { onMerchantClock } from '../sandbox/clock.js';

/** What the window page needs to open, or the refusal that ends the request before any window exists. */
export function openWindow(
  given: Pick<Gateway, 'store' | 'clock' | 'clocks' | 'ids' | 'cards' | 'banks'>,
  body: OpenBody,
  userAgent: string | null,
): OpenResult {
  const raw = body.params;
  const merchantUid = typeof raw.merchant_uid === 'string' ? raw.merchant_uid : null;
  // The recorded shape of a refusal before the window opens (legacy F1001 callback, sdk-v1.md §3.3): imp_uid null and
  // no status/paid_amount (the checklist's status "failed" is read as applying to windows that opened).
  const refuse = (code: string, msg: string): OpenResult => {
    const rsp: Callback = {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: merchantUid,
      pay_method: typeof raw.pay_method === 'string' ? raw.pay_method : 'card',
      error_code: code,
      error_msg: msg,
    };
    return {
      opened: false,
      id: null,
      merchant_name: null,
      name: null,
      amount: null,
      currency: null,
      pg_provider: null,
      billing: false,
      autopilot: null,
      banks: null,
      rsp,
      redirect_url: body.device === 'mobile' ? redirectUrl(raw.m_redirect_url, rsp) : null,
    };
  };

  const merchant = given.store.merchants.find(body.merchant);
  if (!merchant) return refuse(ERROR_CODE.refused, MSG.unknownMerchant(body.merchant));
  const sb = onMerchantClock(given, merchant.id);
  const parsed = PayParamsSchema.safeParse(raw);
  if (!parsed.success) return refuse(ERROR_CODE.refused, MSG.badParams(firstIssue(parsed.error)));
  const p = parsed.data;
  const channel = pickChannel(merchant, 'payment', p.pg, p.channelKey);
  if (!channel) return refuse(ERROR_CODE.noPgModule, MSG.noPgModule);
  const billing = p.customer_uid !== undefined;
  if (billing && p.pay_method !== 'card') return refuse(ERROR_CODE.refused, MSG.billingCardOnly);
  const vbank = !billing && p.pay_method === 'vbank';
  if (!billing && p.pay_method !== 'card' && !vbank) return refuse(ERROR_CODE.refused, MSG.cardOnly(p.pay_method));
  if (vbank && p.amount <= 0) return refuse(ERROR_CODE.refused, MSG.vbankNoAmount);
  if (vbank && p.vbank_due !== undefined) {
    const due = parseVbankDue(String(p.vbank_due));
    if (due === null) return refuse(ERROR_CODE.refused, MSG.badVbankDue(String(p.vbank_due)));
    // Unconfirmed (no source says what a PG does with a due date already past): refused before opening, like other bad params.
    if (due <= sb.clock.nowSeconds()) return refuse(ERROR_CODE.refused, MSG.vbankDuePast(String(p.vbank_due)));
  }
  if (billing && channel.pg_provider === 'kicc' && !p.buyer_tel)
    return refuse(ERROR_CODE.refused, MSG.buyerTelRequired);

  return sb.store.tx(() => {
    // sdk-v1.md §2: a merchant_uid already paid is refused before the window opens; api-v1.md §3.3: so is an
    // amount that differs from POST /payments/prepare.
    if (sb.store.payments.paidByMerchantUid(merchant.id, p.merchant_uid))
      return refuse(ERROR_CODE.refused, MSG.alreadyPaid);
    const prepared = sb.store.payments.getPrepare(merchant.id, p.merchant_uid);
    if (prepared && prepared.amount !== p.amount)
      return refuse(ERROR_CODE.refused, MSG.prepareMismatch(prepared.amount, p.amount));
    if (prepared?.currency && prepared.currency !== (p.currency ?? 'KRW'))
      return refuse(ERROR_CODE.refused, MSG.prepareCurrencyMismatch);

    const w: WindowRequest = {
      id:
        'win_' +
        sb.ids.unique(
          () => sb.ids.hex(24),
          (id) => sb.store.window.get(`win_${id}`) !== undefined,
        ),
      device: body.device,
      params: p,
      pg_provider: channel.pg_provider,
      pg_id: channel.pg_id,
      user_agent: userAgent,
      opened_at: sb.clock.nowSeconds(),
      done: null,
    };
    sb.store.window.insert(merchant.id, w);
    const armed = sb.store.window.takeArmed(merchant.id);
    return {
      opened: true,
      id: w.id,
      merchant_name: merchant.name,
      name: p.name ?? null,
      amount: p.amount,
      currency: p.currency ?? 'KRW',
      pg_provider: channel.pg_provider,
      billing,
      autopilot: !armed
        ? null
        : vbank
          ? vbankPlan(sb, armed.action)
          : autopilotPlan(sb, armed.action, armed.card_number, billing),
      banks: vbank ? sb.banks.banks.map(({ code, name, name_en }) => ({ code, name, name_en })) : null,
      rsp: null,
      redirect_url: null,
    };
  });
}

/** The card data an armed window types in: the given card, or one whose rule gives the armed outcome. */
function autopilotPlan(
  sb: Pick<Gateway, 'cards' | 'clock'>,
  action: AutopilotPlan['action'],
  cardNumber: string | undefined,
  billing: boolean,
): AutopilotPlan {
  // Picked from the test-card table (data, not code). A billing issue charges nothing, so "decline" needs a card
  // refused at issuance; a payment, one declined at charge. "cancel" never submits, so any approving card does.
  const rules = sb.cards.rules;
  const pick =
    action !== 'decline'
      ? rules.find((r) => r.issue.result === 'approve' && r.charge.result === 'approve')
      : billing
        ? rules.find((r) => r.issue.result === 'refuse')
        : rules.find((r) => r.issue.result === 'approve' && r.charge.result === 'decline');
  if (!pick) throw conflict(CMSG.noAutopilotCard(action, billing));
  const fallback = pick.number.replace(/(\d{4})(?=\d)/g, '$1-'); // typed as people type it: 4111-1111-1111-1111
  const y = new Date(sb.clock.now()).getUTCFullYear() + 5;
  return {
    action,
    card_number: cardNumber ?? fallback,
    expiry: `12/${String(y % 100).padStart(2, '0')}`,
    birth: '900101',
    pwd_2digit: '12',
  };
}

/**
 * The armed action in a virtual-account window: approve picks the first bank of fixtures/banks.json and submits.
 * A virtual account has nothing to decline (no card; the bank never refuses an issue), so "decline" cancels, the only
 * way such a window can end without an account.
 */
function vbankPlan(sb: Pick<Gateway, 'banks'>, action: AutopilotPlan['action']): VbankAutopilotPlan {
  return action === 'approve'
    ? { action, vbank_code: sb.banks.banks[0]!.code }
    : { action: 'cancel', vbank_code: sb.banks.banks[0]!.code };
}

/** POST /__sandbox/window/autopilot: pre-arm the next window of a merchant (default merchant when omitted). */
export function armAutopilot(sb: Pick<Gateway, 'store'>, body: AutopilotBody): Armed {
  const merchant = body.merchant ? sb.store.merchants.find(body.merchant) : sb.store.merchants.all()[0];
  if (!merchant) throw notFound(MSG.unknownMerchant(body.merchant ?? ''));
  // The next window of either kind takes it: a payment window uses card_number, a certification window phone.
  const phone = body.phone ? { phone: body.phone } : {};
  sb.store.tx(() => sb.store.window.arm(merchant.id, { action: body.action, card_number: body.card_number, ...phone }));
  return { merchant: merchant.merchant_code, action: body.action, card_number: body.card_number ?? null, ...phone };
}

function firstIssue(err: ZodError): string {
  const i = err.issues[0]!;
  const field = i.path.join('.');
  return field ? `${field}: ${i.message}` : i.message;
}
