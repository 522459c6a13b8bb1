// Test helpers: a sandbox on :memory: with a fixed clock and seeded ids, its app, and a token.

import { loadConfig, type ConfigInput } from '../src/config.js';
import { createSandbox, type Sandbox, type SandboxParts } from '../src/context.js';
import { buildApp, type App } from '../src/app.js';

export const DEFAULT_KEY = 'imp_apikey';
export const DEFAULT_SECRET = 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f';
export const KICC_ONLY_KEY = 'kicc_only_apikey';
export const KICC_ONLY_SECRET = 'kicc_only_secret_0000000000000000000000000000000000000000000000000000000000000';
/** 2026-01-01T00:00:00Z */
export const T0 = Date.parse('2026-01-01T00:00:00Z');

export interface TestSandbox {
  sb: Sandbox;
  app: App;
  /** A token of the default merchant (or the given key/secret). */
  token(key?: string, secret?: string): Promise<string>;
  close(): Promise<void>;
}

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
