// The package's programmatic API: startSandbox(options) → { url, close, control }, the typed control client,
// and the building blocks for in-process use.

import { loadConfig, type Config, type ConfigInput } from './config.js';
import { listen } from './server.js';
import type { App } from './app.js';
import type { Sandbox } from './context.js';
import { SandboxControl } from './control.js';

export interface StartOptions {
  /** Default 0: a free port (read it from `url`). */
  port?: number;
  /** Default 127.0.0.1. Anything else needs adminToken (or insecureAdmin). */
  host?: string;
  /** Default ':memory:' (nothing survives close). */
  dbPath?: string;
  /** 'system' (default) or an ISO time to start a fixed clock at, e.g. '2026-01-01T00:00:00Z'. */
  clock?: string | Date;
  /** Seed of the id source: with a fixed clock, the same requests give the same bytes. */
  seed?: string;
  /** Default 'silent'. */
  logLevel?: Config['LOG_LEVEL'];
  fixturesDir?: string;
  adminToken?: string;
  insecureAdmin?: boolean;
  journalSize?: number;
  /** How many merchants keep a journal ring at once (JOURNAL_MERCHANTS). */
  journalMerchants?: number;
  /** Anything else of the config, by its environment variable name. */
  config?: Partial<ConfigInput>;
}

export interface StartedSandbox {
  url: string;
  close(): Promise<void>;
  /** The control client for this sandbox (with the admin token, if given). */
  control: SandboxControl;
  config: Config;
  /** In-process access for tests that want it: the Fastify app and the sandbox object. */
  app: App;
  sandbox: Sandbox;
}

/** Start a sandbox listening on HTTP. Options only: the environment is not read. */
export async function startSandbox(options: StartOptions = {}): Promise<StartedSandbox> {
  const o = options;
  const overrides: Partial<ConfigInput> = {
    PORT: o.port ?? 0,
    HOST: o.host ?? '127.0.0.1',
    DB_PATH: o.dbPath ?? ':memory:',
    LOG_LEVEL: o.logLevel ?? 'silent',
  };
  if (o.clock !== undefined) overrides.CLOCK = o.clock instanceof Date ? o.clock.toISOString() : o.clock;
  if (o.seed !== undefined) overrides.SEED = o.seed;
  if (o.fixturesDir !== undefined) overrides.FIXTURES_DIR = o.fixturesDir;
  if (o.adminToken !== undefined) overrides.SANDBOX_ADMIN_TOKEN = o.adminToken;
  if (o.insecureAdmin !== undefined) overrides.SANDBOX_INSECURE_ADMIN = o.insecureAdmin ? '1' : '0';
  if (o.journalSize !== undefined) overrides.JOURNAL_SIZE = o.journalSize;
  if (o.journalMerchants !== undefined) overrides.JOURNAL_MERCHANTS = o.journalMerchants;
  const config = loadConfig({}, [], { ...o.config, ...overrides });
  const running = await listen(config);
  return {
    url: running.url,
    close: running.close,
    control: new SandboxControl(running.url, { adminToken: o.adminToken }),
    config,
    app: running.app,
    sandbox: running.app.sb,
  };
}

export { SandboxControl, SandboxControlError } from './control.js';
export type {
  SandboxControlOptions,
  FaultRuleInput,
  ResetResult,
  FaultRule,
  JournalEntry,
  JournalQuery,
  ClockView,
  MerchantView,
  CreateMerchantBody,
  Webhook,
  WebhookQuery,
  WebhookWait,
  WebhookWaitQuery,
  WebhookIdle,
  WebhookIdleQuery,
  WebhookPaymentStatus,
  Schedule,
  ScheduleWait,
  ScheduleWaitQuery,
  JournalWaitQuery,
  JournalWaitResult,
  IssueWindowKeyInput,
  IssuedWindowKey,
  DepositResult,
} from './control.js';
export { loadConfig, ConfigError, type Config, type ConfigInput } from './config.js';
export { createSandbox, type Sandbox } from './context.js';
export { buildApp, type App } from './app.js';
