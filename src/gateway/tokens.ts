// Access tokens (api-v1.md §2): 40 hex chars, 30 minutes, the same token until it expires,
// pushed out by 5 minutes when asked for in its last minute. All times from the sandbox clock.

import { badRequest, unauthorized } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { TokenResponse } from '../schemas/auth.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Gateway } from './context.js';

export const TOKEN_LIFE_S = 30 * 60;
const LAST_MINUTE_S = 60;
const EXTENSION_S = 5 * 60;

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
  return sb.store.tx(() => {
    const tokens = sb.store.tokens;
    const live = tokens.live(merchant.id, now);
    if (live) {
      if (live.expired_at - now <= LAST_MINUTE_S) {
        live.expired_at += EXTENSION_S;
        tokens.extend(live.token, live.expired_at);
      }
      return { access_token: live.token, now, expired_at: live.expired_at };
    }
    tokens.purgeExpired(merchant.id, now);
    const token = sb.ids.unique(
      () => sb.ids.hex(40),
      (t) => tokens.get(t) !== undefined,
    );
    tokens.insert({ token, merchant_id: merchant.id, expired_at: now + TOKEN_LIFE_S });
    return { access_token: token, now, expired_at: now + TOKEN_LIFE_S };
  });
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
  const row = sb.store.tokens.get(token);
  if (!row || row.expired_at <= sb.clocks.of(row.merchant_id).nowSeconds()) throw unauthorized();
  const merchant = sb.store.merchants.get(row.merchant_id);
  if (!merchant) throw unauthorized();
  return merchant;
}
