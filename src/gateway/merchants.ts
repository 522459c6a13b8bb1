// Merchants (tenants) and their PG channels: which channel a request lands on, and the control API's merchant rules.

import { CMSG } from '../http/control-messages.js';
import { badRequest, notFound, refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import { type Channel, type Merchant, MerchantSchema } from '../schemas/merchants.js';
import type { CreateMerchantBody, MerchantView, PatchMerchantBody } from '../schemas/sandbox.js';
import type { Stores } from '../store/index.js';
import type { Gateway } from './context.js';

/** Split an SDK/REST `pg` value at the first dot: 'kicc.T5102001' → provider kicc, MID T5102001. */
export function parsePg(pg: string | undefined | null): { provider: string | null; pgId: string | null } {
  if (!pg) return { provider: null, pgId: null };
  const dot = pg.indexOf('.');
  return dot < 0 ? { provider: pg, pgId: null } : { provider: pg.slice(0, dot), pgId: pg.slice(dot + 1) || null };
}

/**
 * The channel a request uses. Match order follows the legacy SDK (sdk-v1.md §5.2): channel_key, exact provider+MID,
 * provider alone, then the merchant's first channel of that type. An unknown `pg` silently falls back; only "no
 * channel of this type at all" gives null.
 */
export function pickChannel(
  m: Merchant,
  type: Channel['type'],
  pg?: string | null,
  channelKey?: string | null,
): Channel | null {
  const ofType = m.channels.filter((c) => c.type === type);
  if (channelKey) {
    const byKey = ofType.find((c) => c.channel_key === channelKey);
    if (byKey) return byKey;
  }
  const { provider, pgId } = parsePg(pg);
  if (provider) {
    const exact = ofType.find((c) => c.pg_provider === provider && (pgId === null || c.pg_id === pgId));
    if (exact) return exact;
    const sameProvider = ofType.find((c) => c.pg_provider === provider);
    if (sameProvider) return sameProvider;
  }
  return ofType[0] ?? null;
}

/**
 * The channel a channel_key names: that channel or a refusal, never another channel (issue 9: an unknown key is not
 * silently replaced). With `type`, the channel must be of that type (a key-in API given a window channel's key is
 * refused). Unconfirmed (no source records it): the refusals are HTTP 200 code 1, like the real "no API channel".
 */
export function channelByKey(m: Merchant, channelKey: string, type?: Channel['type']): Channel {
  const c = m.channels.find((x) => x.channel_key === channelKey);
  if (!c) throw refused(MSG.channelKeyNotFound(channelKey), 1);
  if (type === 'api_payment' && c.type !== type) throw refused(MSG.channelKeyNotApi(channelKey), 1);
  return c;
}

/**
 * The channel_key a request names: `channel_key`, else `channelKey` (the spec's spelling from 2025-01 to 2026-02).
 * Absent, null or "" (clients that send every field, empty or null when unset) all mean "none given".
 */
export function givenChannelKey(body: { channel_key?: string | null; channelKey?: string | null }): string | null {
  return body.channel_key || body.channelKey || null;
}

/** A channel by provider+MID of any type (a stored billing key remembers the channel it was issued on). */
export function channelOf(m: Merchant, pgProvider: string, pgId: string): Channel | null {
  return m.channels.find((c) => c.pg_provider === pgProvider && c.pg_id === pgId) ?? null;
}

/** A new tenant with fresh credentials; its channels are copied from a fixture merchant (default: 'default'). */
export function createMerchant(sb: Pick<Gateway, 'store' | 'ids' | 'fixtures'>, body: CreateMerchantBody): Merchant {
  const store = sb.store.merchants;
  let channels: Merchant['channels'];
  if (Array.isArray(body.channels)) channels = body.channels;
  else {
    const from = sb.fixtures.find((f) => f.id === (body.channels ?? 'default'));
    if (!from)
      throw badRequest(
        CMSG.noFixtureChannels(
          body.channels,
          sb.fixtures.map((f) => f.id),
        ),
      );
    channels = from.channels.map((c) => ({ ...c }));
  }
  const taken = (pred: (m: Merchant) => boolean) => store.all().some(pred);
  const id = sb.ids.unique(
    () => `m_${sb.ids.hex(10)}`,
    (v) => taken((m) => m.id === v),
  );
  const merchant_code = sb.ids.unique(
    () => `imp${sb.ids.digits(8)}`,
    (v) => taken((m) => m.merchant_code === v),
  );
  // Real REST API keys are 16 digits and secrets 80 characters; ours look alike.
  const imp_key = sb.ids.unique(
    () => sb.ids.digits(16),
    (v) => taken((m) => m.imp_key === v),
  );
  const imp_secret = sb.ids.hex(80);
  const merchant = MerchantSchema.parse({
    id,
    name: body.name ?? `테스트 상점 ${merchant_code}`,
    merchant_code,
    imp_key,
    imp_secret,
    webhook_url: body.webhook_url ?? null,
    webhook_format: body.webhook_format ?? 'json',
    channels,
  });
  store.add(merchant);
  return merchant;
}

/** A merchant named by id or merchant code, or the control API's 404. */
export function findMerchant(store: Pick<Stores, 'merchants'>, idOrCode: string): Merchant {
  const m = store.merchants.find(idOrCode);
  if (!m) throw notFound(CMSG.unknownMerchant(idOrCode));
  return m;
}

/** The control API's view of a merchant: everything, secrets included, and whether it comes from fixtures. */
export function merchantView(store: Pick<Stores, 'merchants'>, m: Merchant): MerchantView {
  return { ...m, fixture: store.merchants.isFixture(m.id) };
}

/** PATCH /__sandbox/merchants/:id: change a merchant's name or webhook settings. */
export function updateMerchant(store: Pick<Stores, 'merchants'>, idOrCode: string, body: PatchMerchantBody): Merchant {
  const next: Merchant = { ...findMerchant(store, idOrCode) };
  if (body.name !== undefined) next.name = body.name;
  if (body.webhook_url !== undefined) next.webhook_url = body.webhook_url;
  if (body.webhook_format !== undefined) next.webhook_format = body.webhook_format;
  store.merchants.update(next);
  return next;
}
