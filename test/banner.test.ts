// The start-up banner's text (src/banner.ts, exact lines) and GET / (src/routes/home.ts): the same pointers, the
// fixture merchants' credentials, every value escaped. The banner as a started server prints it is in cli.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { bannerText, browsableUrl, MAX_CREATED_LISTED } from '../src/banner.js';
import type { Merchant } from '../src/schemas/merchants.js';
import { VERSION } from '../src/version.js';
import { build, DEFAULT_KEY, DEFAULT_SECRET } from './helpers.js';

const root = path.resolve(import.meta.dirname, '..');
const fixtureMerchants = (
  JSON.parse(fs.readFileSync(path.join(root, 'fixtures/merchants.json'), 'utf8')) as { merchants: Merchant[] }
).merchants;

const merchant = (id: string, code: string, key: string, secret: string): Merchant => ({
  id,
  name: id,
  merchant_code: code,
  imp_key: key,
  imp_secret: secret,
  webhook_url: null,
  webhook_format: 'json',
  channels: [
    { pg_provider: 'kicc', pg_id: 'T5102001', type: 'payment', channel_key: 'k', channel_name: 'KICC', sandbox: true },
  ],
});

const CONFIG = { DB_PATH: ':memory:', CLOCK: '2026-01-01T00:00:00Z', SANDBOX_INSECURE_ADMIN: false } as const;

t.test('the banner: one block, every pointer, fixture secrets only', async (t) => {
  const text = bannerText({
    url: 'http://127.0.0.1:7707',
    version: '9.9.9',
    config: CONFIG,
    merchants: [merchant('default', 'imp19424728', 'imp_apikey', 'sek'), merchant('m-1', 'imp30000001', 'k1', 's1')],
    fixtureIds: new Set(['default']),
  });
  t.equal(
    text,
    [
      'iamport-sandbox 9.9.9 listening on http://127.0.0.1:7707',
      '  database     :memory: (nothing survives a stop)',
      '  clock        fixed, from 2026-01-01T00:00:00.000Z (moves only when told: POST /__sandbox/clock)',
      '  REST API     http://127.0.0.1:7707 (in place of https://api.iamport.kr)',
      '  control API  http://127.0.0.1:7707/__sandbox/ (open: loopback only)',
      '  merchants    default  merchant_code=imp19424728  imp_key=imp_apikey  imp_secret=sek',
      '               m-1      merchant_code=imp30000001  imp_key=k1  (created through the control API)',
      '  SDK script   http://127.0.0.1:7707/v1/iamport.js',
      '  dashboard    http://127.0.0.1:7707/__sandbox/ui/',
      '  OpenAPI      http://127.0.0.1:7707/__sandbox/openapi.json',
      '  API docs     http://127.0.0.1:7707/__sandbox/docs',
      '  demo shop    http://127.0.0.1:7707/demo/',
      '  health       http://127.0.0.1:7707/__sandbox/health',
      '',
    ].join('\n'),
  );
  t.notMatch(text, /s1/, "a created merchant's secret is not printed");
});

t.test(
  'the banner: a file database by absolute path, the system clock, the admin token, a wildcard host',
  async (t) => {
    const created = Array.from({ length: MAX_CREATED_LISTED + 3 }, (_, i) =>
      merchant(`c${i}`, `imp4000000${i % 10}`, `key${i}`, `secret${i}`),
    );
    const text = bannerText({
      url: 'http://0.0.0.0:7707',
      version: '1.0.0',
      config: {
        DB_PATH: 'data/x.db',
        CLOCK: 'system',
        SANDBOX_ADMIN_TOKEN: 'a-long-token',
        SANDBOX_INSECURE_ADMIN: false,
      },
      merchants: [merchant('default', 'imp19424728', 'imp_apikey', 'sek'), ...created],
      fixtureIds: new Set(['default']),
    });
    const lines = text.split('\n');
    t.equal(lines[0], 'iamport-sandbox 1.0.0 listening on http://0.0.0.0:7707');
    t.equal(lines[1], `  database     ${path.resolve('data/x.db')}`);
    t.equal(lines[2], '  clock        system (the wall clock; POST /__sandbox/clock moves it)');
    t.equal(
      lines[4],
      '  control API  http://127.0.0.1:7707/__sandbox/ (needs the admin token: X-Sandbox-Admin-Token or Authorization: Bearer)',
    );
    t.notMatch(text, /a-long-token/, 'the admin token itself is never printed');
    const merchantLines = lines.filter((l) => /merchant_code=/.test(l));
    t.equal(merchantLines.length, 1 + MAX_CREATED_LISTED, 'the fixture and the first created merchants');
    t.ok(lines.includes('               … and 3 more created merchants (GET /__sandbox/merchants)'));
    t.ok(lines.includes('  SDK script   http://127.0.0.1:7707/v1/iamport.js'), 'pointers open through loopback');
    t.equal(browsableUrl('http://[::]:7707'), 'http://[::1]:7707');
    t.equal(browsableUrl('http://10.0.0.5:7707'), 'http://10.0.0.5:7707');
    const open = bannerText({
      url: 'http://0.0.0.0:7707',
      version: '1.0.0',
      config: { ...CONFIG, SANDBOX_INSECURE_ADMIN: true },
      merchants: [],
      fixtureIds: new Set(),
    });
    t.match(open, /\(open without a token \(SANDBOX_INSECURE_ADMIN\): trusted networks only\)/);
  },
);

t.test('GET / answers a small HTML page with the pointers and the fixture merchants', async (t) => {
  const s = await build(t);
  const res = await s.app.inject({ method: 'GET', url: '/', headers: { host: 'sandbox.test:7707' } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(res.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'");
  const html = res.body;
  t.match(html, /^<!doctype html>/);
  t.match(html, `<h1>iamport-sandbox <small>${VERSION}</small></h1>`);
  for (const [p, label] of [
    ['/v1/iamport.js', 'SDK script'],
    ['/__sandbox/ui/', 'dashboard'],
    ['/__sandbox/openapi.json', 'OpenAPI'],
    ['/__sandbox/docs', 'API docs'],
    ['/demo/', 'demo shop'],
    ['/__sandbox/health', 'health'],
  ])
    t.match(html, `<li>${label}: <a href="${p}">http://sandbox.test:7707${p}</a></li>`, label);
  t.match(html, '<code>&lt;script src=&quot;http://sandbox.test:7707/v1/iamport.js&quot;&gt;&lt;/script&gt;</code>');
  t.match(html, 'clock: fixed, from 2026-01-01T00:00:00.000Z');
  t.match(html, 'now <code>2026-01-01T00:00:00.000Z</code>');
  for (const m of fixtureMerchants)
    t.match(
      html,
      `<td><code>${m.merchant_code}</code></td><td><code>${m.imp_key}</code></td><td><code>${m.imp_secret}</code></td>`,
      m.id,
    );
  t.match(html, '<p>0 merchant(s) created through the control API');
  t.equal((await s.call('POST', '/__sandbox/merchants', { name: 'worker' }, { token: null })).status, 200);
  const after = await s.app.inject({ method: 'GET', url: '/' });
  t.match(after.body, '<p>1 merchant(s) created through the control API');
  t.notMatch(after.body, '>worker<', "a created merchant's credentials stay off the page");
  const head = await s.app.inject({ method: 'HEAD', url: '/' });
  t.equal(head.statusCode, 200);
  t.equal(head.body, '');
  // The page is no REST route: it needs no token (a REST route would answer 401).
  const token = await s.token(DEFAULT_KEY, DEFAULT_SECRET);
  t.equal((await s.app.inject({ method: 'GET', url: '/', headers: { authorization: token } })).statusCode, 200);
});

t.test('GET / escapes every value: a fixture merchant name and the Host header stay text', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'home-fixtures-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of fs.readdirSync(path.join(root, 'fixtures')))
    fs.copyFileSync(path.join(root, 'fixtures', f), path.join(dir, f));
  const evil = '<img src=x onerror=alert(1)>';
  const file = JSON.parse(fs.readFileSync(path.join(dir, 'merchants.json'), 'utf8')) as { merchants: Merchant[] };
  file.merchants[0]!.name = evil;
  fs.writeFileSync(path.join(dir, 'merchants.json'), JSON.stringify(file));
  const s = await build(t, { FIXTURES_DIR: dir });
  const res = await s.app.inject({ method: 'GET', url: '/', headers: { host: 'x"><script>alert(2)</script>' } });
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, evil);
  t.notMatch(res.body, '<script>alert(2)');
  t.match(res.body, '<td><code>&lt;img src=x onerror=alert(1)&gt;</code></td>');
  t.match(res.body, 'http://x&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;/v1/iamport.js');
  t.equal((res.body.match(/<script/g) ?? []).length, 0, 'no script element at all');
});
