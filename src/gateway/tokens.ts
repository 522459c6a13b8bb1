// Access tokens (api-v1.md §2): 40 hex chars, 30 minutes, the same token until it expires,
// pushed out by 5 minutes when asked for in its last minute. All times from the sandbox clock.

import { badRequest, unauthorized } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { TokenResponse } from '../schemas/auth.js';
import type { Merchant } from '../schemas/merchants.js';
import type { TokenRow } from '../store/tokens.js';
import type { Gateway } from './context.js';

export const TOKEN_LIFE_S = 30 * 60;
const LAST_MINUTE_S = 60;
const EXTENSION_S = 5 * 60;

/**
 * Token rows already read, per sandbox (keyed by its stores): every authenticated request looks its token up, and a
 * token row changes only here (issue, extend, purge) and on reset (forgetTokens), so a hit needs no query. The expiry is
 * checked against the merchant's clock on every use, so the cache follows the clock; a row that looks expired is read
 * again, in case another process on the same database file extended it. Unknown tokens are not cached (they go to the
 * database each time, as before). Accepted staleness: a reset done by another process on the same file does not reach
 * this process's cache, whose tokens then stay valid here until they expire.
 */
const caches = new WeakMap<object, Map<string, TokenRow>>();
/** Enough for every merchant's live token and then some; past it the cache starts over (it only saves queries). */
const CACHE_MAX = 10_000;

function cacheOf(store: object): Map<string, TokenRow> {
  let c = caches.get(store);
  if (!c) {
    c = new Map();
    caches.set(store, c);
  }
  return c;
}

function remember(store: object, row: TokenRow): void {
  const c = cacheOf(store);
  if (c.size >= CACHE_MAX) c.clear();
  c.set(row.token, { ...row });
}

/** Forget the cached tokens of one merchant, or all of them (the sandbox's reset deleted their rows). */
export function forgetTokens(store: object, merchantId?: string): void {
  const c = caches.get(store);
  if (!c) return;
  if (merchantId === undefined) c.clear();
  else for (const [token, row] of c) if (row.merchant_id === merchantId) c.delete(token);
}

export function issueToken(
  sb: Pick<Gateway, 'store' | 'clocks' | 'ids'>,
  impKey: string | undefined,
  impSecret: string | undefined,
): TokenResponse {
  if (!impKey || !impSecret) throw badRequest(MSG.tokenParamsMissing);
  const merchant = sb.store.merchants.byImpKey(impKey);
  if (!merchant || merchant.imp_secret !== impSecret) throw unauthorized(MSG.badCredentials);
  // The merchant's clock: a merchant on its own clock sees its tokens expire by its own time.
  const now = sb.clocks.of(merchant.id).nowSeconds();
  // Cached once the transaction has committed: a rolled-back row must not authenticate.
  let fresh: TokenRow | undefined;
  const answer = sb.store.tx((): TokenResponse => {
    const tokens = sb.store.tokens;
    const live = tokens.live(merchant.id, now);
    if (live) {
      if (live.expired_at - now <= LAST_MINUTE_S) {
        live.expired_at += EXTENSION_S;
        tokens.extend(live.token, live.expired_at);
        fresh = live;
      }
      return { access_token: live.token, now, expired_at: live.expired_at };
    }
    tokens.purgeExpired(merchant.id, now);
    // Expired rows never authenticate: drop them from the cache too (a later use reads the database and is refused).
    const c = cacheOf(sb.store);
    for (const [t, row] of c) if (row.merchant_id === merchant.id && row.expired_at <= now) c.delete(t);
    const token = sb.ids.unique(
      () => sb.ids.hex(40),
      (t) => tokens.get(t) !== undefined,
    );
    fresh = { token, merchant_id: merchant.id, expired_at: now + TOKEN_LIFE_S };
    tokens.insert(fresh);
    return { access_token: token, now, expired_at: now + TOKEN_LIFE_S };
  });
  if (fresh) remember(sb.store, fresh);
  return answer;
}

/**
 * The token from a request's headers: `Authorization: <token>`, `Authorization: Bearer <token>` (any case), or the
 * legacy `X-ImpTokenHeader`. If both headers are present, Authorization wins (api-v1.md §2.2).
 * Unconfirmed (api-v1.md §2.2 [L]): `Authorization: Basic <token>` appears once in the docs, most likely a typo;
 * we do not strip `Basic `, so such a request is 401.
 */
export function tokenFromHeaders(headers: Record<string, string | string[] | undefined>): string | null {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const auth = first(headers.authorization)?.trim();
  if (auth) return auth.replace(/^bearer\s+/i, '').trim() || null;
  return first(headers['x-imptokenheader'])?.trim() || null;
}

/** The merchant a token belongs to, or 401. */
export function authenticate(sb: Pick<Gateway, 'store' | 'clocks'>, token: string | null): Merchant {
  if (!token) throw unauthorized();
  let row = cacheOf(sb.store).get(token);
  if (!row || row.expired_at <= sb.clocks.of(row.merchant_id).nowSeconds()) {
    row = sb.store.tokens.get(token);
    if (!row || row.expired_at <= sb.clocks.of(row.merchant_id).nowSeconds()) throw unauthorized();
    remember(sb.store, row);
  }
  const merchant = sb.store.merchants.get(row.merchant_id);
  if (!merchant) throw unauthorized();
  return merchant;
}
