// The start-up banner, and the pointers that GET / shows too: where the sandbox listens, what it keeps its data in,
// which clock it runs on, how to log in, and where the SDK script, the dashboard and the OpenAPI document are.
// Plain text on stdout whatever LOG_LEVEL says: it is for the person who started the server, not for a log collector.
// A leaf: pure functions over values handed in, so a test can read the exact text without starting anything.

import path from 'node:path';
import type { Config } from './config.js';
import type { Merchant } from './schemas/merchants.js';

/** The sandbox's own pages and documents, by path. The dashboard and the OpenAPI routes are other plugins' own. */
export const POINTERS = [
  { label: 'SDK script', path: '/v1/iamport.js' },
  { label: 'dashboard', path: '/__sandbox/ui/' },
  { label: 'OpenAPI', path: '/__sandbox/openapi.json' },
  { label: 'API docs', path: '/__sandbox/docs' },
  { label: 'demo shop', path: '/demo/' },
  { label: 'health', path: '/__sandbox/health' },
] as const;

/** Created merchants listed by name at most; the rest are counted (a long-lived database may hold thousands). */
export const MAX_CREATED_LISTED = 10;

/**
 * The URL to open from this machine: a wildcard listen address (0.0.0.0, ::) is no address a browser can open
 * everywhere, so the pointers use the loopback address of the same family.
 */
export function browsableUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

export type BannerConfig = Pick<Config, 'DB_PATH' | 'CLOCK' | 'SANDBOX_ADMIN_TOKEN' | 'SANDBOX_INSECURE_ADMIN'>;

export interface BannerInput {
  /** The listening URL, e.g. http://127.0.0.1:7707. */
  url: string;
  version: string;
  config: BannerConfig;
  /** Every merchant of the database, fixtures first (MerchantStore.all()). */
  merchants: Merchant[];
  /** The ids of the fixture merchants: only their secret is printed (the others' came from the control API). */
  fixtureIds: ReadonlySet<string>;
}

export function databaseText(dbPath: string): string {
  return dbPath === ':memory:' ? ':memory: (nothing survives a stop)' : path.resolve(dbPath);
}

export function clockText(clock: string): string {
  return clock === 'system'
    ? 'system (the wall clock; POST /__sandbox/clock moves it)'
    : `fixed, from ${new Date(Date.parse(clock)).toISOString()} (moves only when told: POST /__sandbox/clock)`;
}

export function controlText(config: BannerConfig): string {
  if (config.SANDBOX_ADMIN_TOKEN) return 'needs the admin token: X-Sandbox-Admin-Token or Authorization: Bearer';
  if (config.SANDBOX_INSECURE_ADMIN) return 'open without a token (SANDBOX_INSECURE_ADMIN): trusted networks only';
  return 'open: loopback only';
}

function merchantLines(merchants: Merchant[], fixtureIds: ReadonlySet<string>): string[] {
  const fixtures = merchants.filter((m) => fixtureIds.has(m.id));
  const created = merchants.filter((m) => !fixtureIds.has(m.id));
  const listed = [...fixtures, ...created.slice(0, MAX_CREATED_LISTED)];
  const width = Math.max(0, ...listed.map((m) => m.id.length));
  const lines = listed.map((m) => {
    const creds = `${m.id.padEnd(width)}  merchant_code=${m.merchant_code}  imp_key=${m.imp_key}`;
    return fixtureIds.has(m.id)
      ? `${creds}  imp_secret=${m.imp_secret}`
      : `${creds}  (created through the control API)`;
  });
  const more = created.length - MAX_CREATED_LISTED;
  if (more > 0) lines.push(`… and ${more} more created merchants (GET /__sandbox/merchants)`);
  return lines;
}

/** The whole banner, one block of lines ending in a newline. The first line keeps "listening on <url>". */
export function bannerText(input: BannerInput): string {
  const base = browsableUrl(input.url);
  const rows: [string, string][] = [
    ['database', databaseText(input.config.DB_PATH)],
    ['clock', clockText(input.config.CLOCK)],
    ['REST API', `${base} (in place of https://api.iamport.kr)`],
    ['control API', `${base}/__sandbox/ (${controlText(input.config)})`],
  ];
  const [first = '', ...rest] = merchantLines(input.merchants, input.fixtureIds);
  rows.push(['merchants', first], ...rest.map((line): [string, string] => ['', line]));
  for (const p of POINTERS) rows.push([p.label, `${base}${p.path}`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return `iamport-sandbox ${input.version} listening on ${input.url}\n${lines.join('\n')}\n`;
}
