#!/usr/bin/env node
// The only place that listens: config (env + flags) → sandbox → app → listen → the banner; SIGTERM/SIGINT close
// cleanly. Also the package's bin (iamport-sandbox).

import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createSandbox } from './context.js';
import { buildApp, type App } from './app.js';
import { VERSION } from './version.js';
import { bannerText } from './banner.js';
import { applyHeapMode } from './util/heap.js';

export interface Running {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** Build and listen. The sandbox's database is closed when the app closes. */
export async function listen(config: Config): Promise<Running> {
  const sb = createSandbox(config);
  let app: App;
  try {
    app = await buildApp(sb);
  } catch (e) {
    sb.close();
    throw e;
  }
  app.addHook('onClose', async () => sb.close());
  await app.listen({ port: config.PORT, host: config.HOST });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

const USAGE = `Usage: iamport-sandbox [--port 7707] [--host 127.0.0.1] [--db-path ./.sandbox/sandbox.db|:memory:]
       [--fixtures-dir DIR] [--log-level info] [--clock system|2026-01-01T00:00:00Z] [--seed S]
       [--sandbox-admin-token T] [--journal-size 1000] [--journal-merchants 32] [--body-limit BYTES]
       [--unknown-customer-status 200|404] [--db-cache-mb 4] [--heap lean|node]
Every flag is also an environment variable (--db-path ⇔ DB_PATH). See README.md.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  let config: Config;
  try {
    config = loadConfig(process.env, args);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`iamport-sandbox: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  applyHeapMode(config.HEAP);
  let running: Running;
  try {
    running = await listen(config);
  } catch (e) {
    process.stderr.write(`iamport-sandbox: cannot start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  // Written, not logged: the banner is for the person who started the server, whatever LOG_LEVEL says.
  const sb = running.app.sb;
  process.stdout.write(
    bannerText({
      url: running.url,
      version: VERSION,
      config,
      merchants: sb.store.merchants.all(),
      fixtureIds: new Set(sb.fixtures.map((m) => m.id)),
    }),
  );
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`iamport-sandbox: ${signal}, closing\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** True when this file is the program (also through the npm bin symlink), false when imported. */
function isMain(): boolean {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

if (isMain()) void main();
