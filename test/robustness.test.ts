// Sweeps every route the app serves with hostile input: the server never answers 5xx, always answers in the
// envelope, and the documentation (README.md and docs/*.md) names every route (so the endpoint tables stay true to the code).
import fs from 'node:fs';
import t from 'tap';
import { build } from './helpers.js';

const STATIC = /\.(js|css|html)$|\/$/;

/** Hostile bodies: wrong types everywhere, prototype keys, huge and negative numbers, long strings. */
const BODIES: unknown[] = [
  {},
  [],
  'just a string',
  null,
  { merchant_uid: [], customer_uid: 123, amount: {}, schedules: 'x', card_number: null, expiry: 7, imp_uid: false },
  { merchant_uid: 'm'.repeat(10_000), customer_uid: 'c'.repeat(10_000), amount: 1e308, name: '\u0000' },
  {
    amount: -1,
    checksum: -5,
    page: 0,
    schedule_at: -1,
    schedules: [{}, null, 3],
    match: { path: 5 },
    effect: { type: 'nope' },
  },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "merchant_uid": "p"}'),
  {
    schedules: [{ merchant_uid: 'x', schedule_at: 'soon', amount: 'lots' }],
    customer_uid: 'c',
    action: 'explode',
    set: 'yesterday',
    advance_seconds: 'x',
  },
];
const PARAMS = ['%00', 'x'.repeat(400), '한글', '..', '%2F', ' '];
const QUERIES = [
  '?page=-1&limit=abc&from=x&to=y&sorting=zzz',
  '?imp_uid[]=&merchant_uid[]=&customer_uid[]=',
  '?page=99999999999999999999&limit=0',
  '?schedule_from=a&schedule-status=b&since=c',
];

t.test('no route answers 5xx or leaves the envelope, whatever the input', async (t) => {
  const s = await build(t);
  await s.app.ready();
  const routes = s.app.routeList.filter((r) => !(r.method === 'GET' && STATIC.test(r.url)));
  t.ok(routes.length > 40, `swept ${routes.length} routes`);
  let requests = 0;
  const bad: string[] = [];
  for (const route of routes) {
    // A fresh token per route: /__sandbox/reset in the sweep may empty the token table.
    const token = await s.token();
    for (const param of PARAMS) {
      const url = route.url.replace(/:[A-Za-z_]+/g, encodeURIComponent(param));
      const variants: { url: string; payload?: string; ct?: string }[] = QUERIES.map((q) => ({ url: url + q }));
      if (route.method !== 'GET' && route.method !== 'DELETE') {
        for (const b of BODIES) variants.push({ url, payload: JSON.stringify(b), ct: 'application/json' });
        variants.push({
          url,
          payload: 'amount=abc&merchant_uid[]=1&schedules=x&card_number=',
          ct: 'application/x-www-form-urlencoded',
        });
        variants.push({ url, payload: '{"broken": ', ct: 'application/json' });
      }
      for (const v of variants) {
        const res = await s.app.inject({
          method: route.method as 'GET',
          url: v.url,
          payload: v.payload,
          headers: { authorization: token, ...(v.ct ? { 'content-type': v.ct } : {}) },
        });
        requests++;
        let enveloped = false;
        try {
          const body = res.json();
          // The REST API answers in the envelope; the sandbox's health/window/demo JSON are their own shapes but still JSON.
          enveloped = typeof body === 'object' && body !== null && (!('code' in body) || Number.isInteger(body.code));
        } catch {
          enveloped = false;
        }
        // A '..' parameter resolves the URL up to GET /, the HTML home page (no route under test): JSON is not asked there.
        const home = new URL(v.url, 'http://sandbox').pathname === '/';
        if (res.statusCode >= 500 || (!enveloped && !home))
          bad.push(
            `${route.method} ${v.url.slice(0, 80)} ${v.payload?.slice(0, 60) ?? ''} → ${res.statusCode} ${res.body.slice(0, 120)}`,
          );
      }
    }
  }
  t.ok(requests > 2000, `sent ${requests} requests`);
  t.same(bad, [], 'no 5xx, every answer is JSON');
  t.equal(Object.hasOwn({}, 'polluted'), false, 'no prototype pollution');
  const health = await s.app.inject({ method: 'GET', url: '/__sandbox/health' });
  t.equal(health.json().status, 'ok', 'the server is still up');
});

t.test('the README or a page of docs/ names every route the app serves', async (t) => {
  const s = await build(t);
  await s.app.ready();
  const docsDir = new URL('../docs/', import.meta.url);
  const readme = [
    fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8'),
    ...fs
      .readdirSync(docsDir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => fs.readFileSync(new URL(f, docsDir), 'utf8')),
  ].join('\n');
  const missing: string[] = [];
  for (const r of s.app.routeList) {
    if (r.method === 'GET' && STATIC.test(r.url) && !r.url.startsWith('/v1/') && !r.url.startsWith('/js/')) continue;
    // `:param` may be written `{param}`, `{a|b}` or `:param`, and a trailing param segment may be optional `[/{x}]`.
    const pattern = r.url
      .split(/(\/:[A-Za-z_]+)/)
      .map((part) =>
        part.startsWith('/:')
          ? String.raw`\[?/(\{[^}]+\}|:[A-Za-z_]+)\]?`
          : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    if (!new RegExp(`${pattern}(?![A-Za-z_/])`).test(readme)) missing.push(`${r.method} ${r.url}`);
  }
  t.same(missing, [], 'every route appears in README.md or docs/*.md');
});
