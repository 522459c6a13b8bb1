// Configuration: one zod schema over environment variables and command-line flags. Nothing else reads process.env.

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { HEAP_MODES } from './util/heap.js';

/** The package root (holds fixtures/ and public/), found from this file both in src/ and in dist/src/. */
export const packageRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Each key is spelled as its environment variable; the matching flag is its kebab-case (`DB_PATH` ⇔ `--db-path`). */
export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(7707),
    HOST: z.string().min(1).default('127.0.0.1'),
    DB_PATH: z.string().min(1).default('./.sandbox/sandbox.db'),
    FIXTURES_DIR: z.string().min(1).default(path.join(packageRoot, 'fixtures')),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CLOCK: z
      .string()
      .default('system')
      .refine(
        (v) => v === 'system' || !Number.isNaN(Date.parse(v)),
        'must be "system" or an ISO time such as 2026-01-01T00:00:00Z',
      ),
    SEED: z.string().min(1).optional(),
    /** Required for /__sandbox/* when HOST is not loopback. */
    SANDBOX_ADMIN_TOKEN: z.string().min(8).optional(),
    /** Explicit opt-out of the admin token rule, for trusted test networks. */
    SANDBOX_INSECURE_ADMIN: z.enum(['0', '1', 'true', 'false']).default('false'),
    /** How many requests the journal keeps per merchant (one ring each, and one for requests of no merchant). */
    JOURNAL_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(1000),
    /** How many merchants' rings the journal keeps at most (the least recently written goes first). */
    JOURNAL_MERCHANTS: z.coerce.number().int().min(1).max(10_000).default(32),
    /**
     * SQLite's page cache for the database, MB. better-sqlite3 compiles in 16 MB, which a long-lived sandbox file fills
     * and keeps: 4 MB holds the indexes' upper pages of a 1,000,000-payment file, and every lookup and list of the scale
     * benchmark measured the same as with 16 (2 MB did not: a lookup by imp_uid took 1.6x). The file's other pages stay
     * in the operating system's cache.
     */
    DB_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(4),
    /** Largest accepted request body. */
    BODY_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /**
     * Unconfirmed (api-v1.md §1.2): GET/DELETE /subscribe/customers/{uid} for an unknown uid answered HTTP 200
     * code 1 in every live client test 2017-2022, while the current spec says 404. Default 200; set 404 to follow the spec.
     */
    UNKNOWN_CUSTOMER_STATUS: z.enum(['200', '404']).default('200'),
    /**
     * Unconfirmed (sdk-v1.md §3.4): the amount recorded for a billing-key issue through the window. One public log
     * shows paid/0; 'requested' records the displayed amount instead (still nothing is charged).
     */
    WINDOW_ISSUE_AMOUNT: z.enum(['zero', 'requested']).default('zero'),
    /** Webhook resends after a network error or 5xx. The real service sends once unless asked (then up to 5). */
    WEBHOOK_RETRIES: z.coerce.number().int().min(0).max(20).default(0),
    /** Wait between webhook attempts, on the sandbox clock (real resends: 1 minute apart). */
    WEBHOOK_BACKOFF_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** Webhook connect timeout (real: 10 s). */
    WEBHOOK_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
    /** Webhook read timeout once connected (real: 30 s). */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(30_000),
    /**
     * How the command line's process sizes V8's heap (util/heap.ts): 'lean' keeps the RSS of a long run near the live
     * heap, 'node' leaves Node's defaults. Only the command line applies it; a process that embeds the sandbox is its own.
     */
    HEAP: z.enum(HEAP_MODES).default('lean'),
  })
  .strict();

export type ConfigInput = z.input<typeof ConfigSchema>;
export type Config = Readonly<
  Omit<z.output<typeof ConfigSchema>, 'SANDBOX_INSECURE_ADMIN' | 'UNKNOWN_CUSTOMER_STATUS'> & {
    SANDBOX_INSECURE_ADMIN: boolean;
    UNKNOWN_CUSTOMER_STATUS: 200 | 404;
  }
>;

export class ConfigError extends Error {}

/** Parse flags like `--port 7707`, `--db-path=:memory:` into ConfigSchema keys. */
export function flagsToConfig(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`Unexpected argument "${arg}" (flags look like --port 7707)`);
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).toUpperCase().replace(/-/g, '_');
    let value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0) {
      if (value === undefined || value.startsWith('--')) value = 'true';
      else i++;
    }
    out[name] = value;
  }
  return out;
}

/** Build the frozen config from (in rising priority) defaults, env, flags and explicit overrides. */
export function loadConfig(
  env: Record<string, string | undefined> = {},
  argv: string[] = [],
  overrides: Partial<ConfigInput> = {},
): Config {
  const known = new Set(Object.keys(ConfigSchema.shape));
  const fromEnv: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) if (known.has(k) && v !== undefined && v !== '') fromEnv[k] = v;
  const flags = flagsToConfig(argv);
  for (const k of Object.keys(flags))
    if (!known.has(k)) throw new ConfigError(`Unknown flag --${k.toLowerCase().replace(/_/g, '-')}`);
  const parsed = ConfigSchema.safeParse({ ...fromEnv, ...flags, ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new ConfigError(`Invalid config: ${key} ${issue.message}`.trim());
  }
  const c = parsed.data;
  const insecure = c.SANDBOX_INSECURE_ADMIN === '1' || c.SANDBOX_INSECURE_ADMIN === 'true';
  if (!LOOPBACK.has(c.HOST) && !c.SANDBOX_ADMIN_TOKEN && !insecure) {
    throw new ConfigError(
      `Invalid config: SANDBOX_ADMIN_TOKEN is required when HOST (${c.HOST}) is not loopback; ` +
        'set it, or SANDBOX_INSECURE_ADMIN=1 on a trusted network',
    );
  }
  return Object.freeze({
    ...c,
    SANDBOX_INSECURE_ADMIN: insecure,
    UNKNOWN_CUSTOMER_STATUS: Number(c.UNKNOWN_CUSTOMER_STATUS) as 200 | 404,
  });
}

/** Clock start for a config: undefined for the system clock. */
export function clockStart(config: Config): number | undefined {
  return config.CLOCK === 'system' ? undefined : Date.parse(config.CLOCK);
}
