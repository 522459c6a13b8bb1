// Browser-test helper: launches system Chromium through playwright-core (CHROMIUM_PATH or the usual Debian/Ubuntu
// paths), and starts a sandbox listening on a free loopback port.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { type BuiltSandbox, build, type Teardown } from '../helpers.js';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium binary: $CHROMIUM_PATH, else the first usual path that exists. */
export function chromiumPath(): string {
  const found = process.env.CHROMIUM_PATH || CANDIDATES.find((p) => fs.existsSync(p));
  if (!found)
    throw new Error(
      `No Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH (looked in ${CANDIDATES.join(', ')})`,
    );
  return found;
}

/** One headless browser per test file. Playwright gives each launch a fresh temporary profile (user data dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A sandbox (fixed clock, seeded ids, :memory:) listening on 127.0.0.1:<free port> and its URL, closed with `t`. */
export async function listeningSandbox(t: Teardown): Promise<BuiltSandbox & { url: string }> {
  const s = await build(t);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = s.app.server.address() as AddressInfo;
  return Object.assign(s, { url: `http://127.0.0.1:${port}` });
}

export const MOBILE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/**
 * A merchant site on another loopback port (so another origin): serves `pages[path]`, or a plain landing page.
 * A real server, not a Playwright route: Chromium's local-network checks block a page without a real address
 * from loading scripts off 127.0.0.1.
 */
export async function shopServer(): Promise<{ url: string; pages: Record<string, string>; close(): Promise<void> }> {
  const pages: Record<string, string> = {};
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body =
      pages[url.pathname] ??
      `<!doctype html><html><head><meta charset="utf-8"><title>${url.pathname}</title></head><body>landing</body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
