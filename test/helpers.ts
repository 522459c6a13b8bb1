// The shared test setup: `build(t)` gives a sandbox on :memory: with a fixed clock and seeded ids, its app, a token
// and an authenticated `call`, and closes it when the test ends. The test cards of fixtures/cards.json are here too,
// so no test file spells them out again.

import { buildApp, type App } from '../src/app.js';
import { type ConfigInput, loadConfig } from '../src/config.js';
import { createSandbox, type Sandbox, type SandboxParts } from '../src/context.js';

export const DEFAULT_KEY = 'imp_apikey';
export const DEFAULT_SECRET = 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f';
export const KICC_ONLY_KEY = 'kicc_only_apikey';
export const KICC_ONLY_SECRET = 'kicc_only_secret_0000000000000000000000000000000000000000000000000000000000000';
/** The fixture merchant with test channels (sandbox: true), as a PortOne test-mode merchant. */
export const TEST_CHANNELS_KEY = 'test_channels_apikey';
export const TEST_CHANNELS_SECRET = 'test_channels_secret_00000000000000000000000000000000000000000000000000000000000';
/** 2026-01-01T00:00:00Z */
export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Test card numbers by what they do (fixtures/cards.json), typed as people type them. */
export const CARDS = {
  /** Always approves. */
  approve: '4111-1111-1111-1111',
  /** Registers; every charge is declined (code 0, status failed). */
  decline: '4000-0000-0000-0002',
  /** A check card declined for insufficient funds. */
  insufficient: '4000-0000-0000-9995',
  /** Registers; charges are declined as a suspended card. */
  suspended: '4000-0000-0000-0069',
  /** Registers; charges fail at the PG (non-zero code, response null). */
  pgError: '4000-0000-0000-0119',
  /** Refused at issuance. */
  refuse: '4000-0000-0000-0127',
  /** A Mastercard-style credit card that approves. */
  master: '5555-5555-5555-4444',
  /** A check card that approves. */
  check: '4242-4242-4242-4242',
} as const;

/** Key-in card data as REST takes it (expiry `YYYY-MM`): the always-approving card. */
// A type, not an interface: it must fit parameters typed Record<string, string>.
export type KeyInCard = { card_number: string; expiry: string; birth: string; pwd_2digit: string };
export const CARD: KeyInCard = { card_number: CARDS.approve, expiry: '2030-12', birth: '900101', pwd_2digit: '12' };
/** The same card as the payment window's form takes it (expiry `MM/YY`). */
export const WINDOW_CARD: KeyInCard = { ...CARD, expiry: '12/30' };
/** Card data with another number (REST shape unless `base` says otherwise). */
export const cardWith = (card_number: string, base: KeyInCard = CARD): KeyInCard => ({ ...base, card_number });

export interface TestSandbox {
  sb: Sandbox;
  app: App;
  /** A token of the default merchant (or the given key/secret). */
  token(key?: string, secret?: string): Promise<string>;
  close(): Promise<void>;
}

/** A sandbox without teardown: for tests that close and reopen sandboxes themselves. Most tests want `build`. */
export async function makeSandbox(config: Partial<ConfigInput> = {}, parts: SandboxParts = {}): Promise<TestSandbox> {
  const cfg = loadConfig({}, [], {
    DB_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    CLOCK: '2026-01-01T00:00:00Z',
    SEED: 'test',
    ...config,
  });
  const sb = createSandbox(cfg, parts);
  const app = await buildApp(sb);
  return {
    sb,
    app,
    async token(key = DEFAULT_KEY, secret = DEFAULT_SECRET) {
      const res = await app.inject({
        method: 'POST',
        url: '/users/getToken',
        payload: { imp_key: key, imp_secret: secret },
      });
      const body = res.json();
      if (body.code !== 0) throw new Error(`getToken failed: ${res.body}`);
      return body.response.access_token as string;
    },
    async close() {
      await app.close();
      sb.close();
    },
  };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface BuiltSandbox extends TestSandbox {
  /**
   * A request through app.inject, authenticated as the default merchant (its token is kept while it is valid on the
   * sandbox clock), or with
   * `opts.token`, or with no Authorization at all when `opts.token` is null. The body is parsed JSON.
   */
  call(
    method: Method,
    url: string,
    payload?: object,
    opts?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<Answer>;
}

/** Anything with teardown: a tap Test. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The sandbox of one test, closed when the test ends. */
export async function build(
  t: Teardown,
  config: Partial<ConfigInput> = {},
  parts: SandboxParts = {},
): Promise<BuiltSandbox> {
  const s = await makeSandbox(config, parts);
  t.teardown(s.close);
  // The default merchant's token, fetched when first needed and again once the sandbox clock has passed its expiry.
  let token: { value: string; expiresAt: number } | undefined;
  const defaultToken = async () => {
    if (!token || token.expiresAt <= s.sb.clock.nowSeconds()) {
      const value = await s.token();
      token = { value, expiresAt: s.sb.store.tokens.get(value)?.expired_at ?? 0 };
    }
    return token.value;
  };
  return {
    ...s,
    async call(method, url, payload, opts = {}) {
      const auth = opts.token === null ? undefined : (opts.token ?? (await defaultToken()));
      const res = await s.app.inject({
        method,
        url,
        headers: { ...(auth ? { authorization: auth } : {}), ...opts.headers },
        ...(payload ? { payload } : {}),
      });
      return { status: res.statusCode, body: res.body === '' ? null : res.json(), headers: res.headers };
    },
  };
}
