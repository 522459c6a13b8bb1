// The dashboard at /__sandbox/ui/: its read-only data endpoints (through app.inject), then each view and each action
// in Chromium, read back through the control API. DASHBOARD_SCREENSHOT=1 rewrites docs/dashboard.png.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { type BuiltSandbox, build, CARD, CARDS, cardWith, T0 } from '../helpers.js';
import { startReceiver } from '../receiver.js';

type Dash = { s: BuiltSandbox & { url: string }; ctx: BrowserContext; page: Page; dialogs: string[] };

const T0S = T0 / 1000;
const XSS = '<img src=x onerror=alert(1)>';
const ADMIN = 'dashboard-admin-secret';

// About twenty pages, each on a sandbox of its own: more than the suite's default two minutes on a busy machine.
t.setTimeout(600_000);

let browser: Browser;
t.before(async () => {
  browser = await launchBrowser();
});
t.teardown(() => browser?.close());

/** A listening sandbox of this test and a page on the dashboard (`hash`, e.g. '#/payments'); closed with `t`. */
async function dash(t: Test, hash: string | null = '', config: Record<string, string> = {}): Promise<Dash> {
  const s = await build(t, config);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Registered after build's: tap runs teardowns last-in first-out, so the page (and its long poll) goes first.
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.accept();
  });
  const d = { s: Object.assign(s, { url }), ctx, page, dialogs };
  if (hash !== null) await open(d, hash);
  return d;
}
async function open(d: Dash, hash: string) {
  await d.page.goto(`${d.s.url}/__sandbox/ui/${hash}`);
  await d.page.locator('#view > section[data-view]').waitFor();
}
const control = async (s: BuiltSandbox, method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
  (await s.app.inject({ method, url, payload })).json().response;

/** A key-in payment of the default merchant, saving the card as `customer_uid` when given. */
async function pay(s: BuiltSandbox, merchant_uid: string, extra: object = {}) {
  const r = await s.call('POST', '/subscribe/payments/onetime', {
    merchant_uid,
    amount: 1000,
    name: '테스트 주문',
    ...CARD,
    ...extra,
  });
  if (r.body.code !== 0) throw new Error(JSON.stringify(r.body));
  return r.body.response as { imp_uid: string; status: string };
}
async function vbank(s: BuiltSandbox, merchant_uid: string) {
  const r = await s.call('POST', '/vbanks', {
    channel_key: 'channel-key-nice-keyin-0001',
    merchant_uid,
    amount: 33000,
    vbank_code: '004',
    vbank_due: T0S + 3 * 86400,
    buyer_name: '김입금',
  });
  if (r.body.code !== 0) throw new Error(JSON.stringify(r.body));
  return r.body.response as { imp_uid: string };
}
const texts = (page: Page, sel: string) => page.locator(sel).allTextContents();

t.test('data endpoints: filters, paging, detail, refusals, the page itself', async (t) => {
  const s = await build(t);
  const a = await pay(s, 'order-a', { customer_uid: 'cust_a', buyer_name: '홍길동' });
  await pay(s, 'order-b');
  await s.call('POST', '/subscribe/customers/cust_bad', cardWith(CARDS.decline));
  const failed = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'cust_bad',
    merchant_uid: 'order-c',
    amount: 500,
    name: 'x',
  });
  t.equal(failed.body.response.status, 'failed');
  await s.call('POST', '/payments/cancel', { imp_uid: a.imp_uid, amount: 300, reason: '부분 환불' });
  await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_a',
    schedules: [
      { merchant_uid: 'sub_1', schedule_at: T0S + 86400, amount: 9900, name: '월 구독' },
      { merchant_uid: 'sub_2', schedule_at: T0S + 2 * 86400, amount: 9900, name: '월 구독' },
    ],
  });

  const all = await control(s, 'GET', '/__sandbox/data/payments');
  t.same([all.total, all.previous, all.next], [3, 0, 0]);
  t.same(
    all.list.map((x: any) => [x.merchant_id, x.payment.merchant_uid, x.payment.status]),
    [
      ['default', 'order-c', 'failed'],
      ['default', 'order-b', 'paid'],
      ['default', 'order-a', 'paid'],
    ],
    'newest first, each row with its merchant',
  );
  const page2 = await control(s, 'GET', '/__sandbox/data/payments?limit=2&page=2');
  t.same([page2.total, page2.previous, page2.next, page2.list.length], [3, 1, 0, 1]);
  t.equal(page2.list[0].payment.merchant_uid, 'order-a');
  const page1 = await control(s, 'GET', '/__sandbox/data/payments?limit=2');
  t.same([page1.previous, page1.next, page1.list.length], [0, 2, 2]);
  t.equal(
    (await control(s, 'GET', '/__sandbox/data/payments?status=failed')).list[0].payment.fail_reason !== null,
    true,
  );
  t.equal((await control(s, 'GET', '/__sandbox/data/payments?customer_uid=cust_a')).total, 1);
  t.equal(
    (await control(s, 'GET', '/__sandbox/data/payments?merchant_uid=order-b')).list[0].payment.merchant_uid,
    'order-b',
  );
  t.equal(
    (await control(s, 'GET', '/__sandbox/data/payments?merchant=imp19424728&status=paid')).total,
    2,
    'merchant code',
  );
  t.equal((await control(s, 'GET', '/__sandbox/data/payments?merchant=kicc-only')).total, 0);
  t.same((await control(s, 'GET', '/__sandbox/data/payments?page=5')).list, [], 'a page past the end is empty');

  const detail = await control(s, 'GET', `/__sandbox/data/payments/${a.imp_uid}`);
  t.equal(detail.merchant_id, 'default');
  t.equal(detail.payment.cancel_amount, 300);
  t.same(
    detail.payment.cancel_history.map((c: any) => [c.amount, c.reason]),
    [[300, '부분 환불']],
  );
  t.same(detail.webhooks, [], 'no webhook URL: no delivery');

  const keys = await control(s, 'GET', '/__sandbox/data/billing-keys');
  t.same(
    keys.list.map((x: any) => [x.merchant_id, x.customer.customer_uid, x.customer.card_number]),
    [
      ['default', 'cust_bad', '40000000****0002'],
      ['default', 'cust_a', '41111111****1111'],
    ],
  );
  t.equal((await control(s, 'GET', '/__sandbox/data/billing-keys?customer_uid=cust_a')).total, 1);

  const sch = await control(s, 'GET', '/__sandbox/data/schedules');
  t.same(
    sch.list.map((x: any) => [x.schedule.merchant_uid, x.schedule.schedule_status]),
    [
      ['sub_2', 'scheduled'],
      ['sub_1', 'scheduled'],
    ],
  );
  t.equal((await control(s, 'GET', '/__sandbox/data/schedules?status=executed')).total, 0);
  t.equal((await control(s, 'GET', '/__sandbox/data/webhooks')).total, 0);

  const refusals = [
    ['/__sandbox/data/payments/imps_nope', 404, 'Unknown imp_uid "imps_nope"'],
    ['/__sandbox/data/payments?merchant=nobody', 404, 'Unknown merchant "nobody" (give its id or merchant code)'],
    ['/__sandbox/data/payments?status=done', 400, null],
    ['/__sandbox/data/payments?limit=501', 400, null],
    ['/__sandbox/data/webhooks?colour=red', 400, null],
  ] as const;
  for (const [url, status, message] of refusals) {
    const r = await s.app.inject({ method: 'GET', url });
    t.equal(r.statusCode, status, url);
    t.equal(r.json().code, -1, url);
    if (message) t.equal(r.json().message, message, url);
  }

  const redirect = await s.app.inject({ method: 'GET', url: '/__sandbox/ui?x=1' });
  t.equal(redirect.statusCode, 302);
  t.equal(redirect.headers.location, '/__sandbox/ui/?x=1');
  const page = await s.app.inject({ method: 'GET', url: '/__sandbox/ui/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.headers['content-security-policy'], /default-src 'self'/);
  t.match(page.body, /<script src="\/__sandbox\/ui\/app\.js"><\/script>/);
  // Only there: the public/ static root does not serve the dashboard a second time, without its CSP.
  for (const url of ['/ui/', '/ui/index.html', '/ui/app.js']) {
    const r = await s.app.inject({ method: 'GET', url });
    t.equal(r.statusCode, 404, url);
    t.equal(r.json().code, -1, url);
  }
});

t.test('admin token: the page loads without it, its data needs it', async (t) => {
  const s = await build(t, { SANDBOX_ADMIN_TOKEN: ADMIN });
  for (const url of ['/__sandbox/ui/', '/__sandbox/ui/app.js', '/__sandbox/ui/style.css'])
    t.equal((await s.app.inject({ method: 'GET', url })).statusCode, 200, url);
  const data = await s.app.inject({ method: 'GET', url: '/__sandbox/data/payments' });
  t.equal(data.statusCode, 401);
  const ok = await s.app.inject({
    method: 'GET',
    url: '/__sandbox/data/payments',
    headers: { 'x-sandbox-admin-token': ADMIN },
  });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().response.total, 0);
});

t.test('browser: /__sandbox/ui redirects to /__sandbox/ui/ and opens the merchants view', async (t) => {
  const d = await dash(t, null);
  await d.page.goto(`${d.s.url}/__sandbox/ui`);
  t.equal(d.page.url(), `${d.s.url}/__sandbox/ui/`);
  await d.page.locator('section[data-view="merchants"]').waitFor();
  t.equal(await d.page.title(), '대시보드 · Dashboard (iamport-sandbox)');
  t.equal(await d.page.locator('.tabs a.active').getAttribute('data-view'), 'merchants');
  t.equal(await d.page.locator('#clock-now').textContent(), '2026-01-01T00:00:00.000Z');
  t.equal(await d.page.locator('#top-clock').textContent(), '시계 Clock: 2026-01-01T00:00:00.000Z (fixed)');
});

t.test('view: merchants with credentials and channels', async (t) => {
  const d = await dash(t, '#/merchants');
  const cards = d.page.locator('section.card[data-merchant]');
  t.equal(await cards.count(), 3);
  t.same(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-merchant'))), [
    'default',
    'kicc-only',
    'test-channels',
  ]);
  const def = d.page.locator('section.card[data-merchant="default"]');
  const codes = await def.locator('dl.fields code').allTextContents();
  t.same(codes.slice(0, 4), [
    'default',
    'imp19424728',
    'imp_apikey',
    'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f',
  ]);
  t.match(await def.locator('h3').first().textContent(), /아임포트 샌드박스 상점/);
  const rows = def.locator('table tbody tr');
  t.equal(await rows.count(), 2);
  t.same(
    (await rows.nth(0).locator('td').allTextContents()).map((s) => s.trim()),
    ['kicc', 'T5102001', '결제창 · payment', 'channel-key-kicc-window-0001', 'KICC 결제창'],
  );
  t.same(
    (await rows.nth(1).locator('td').allTextContents()).map((s) => s.trim()),
    ['nice', 'nictest04m', '키인 API · api_payment', 'channel-key-nice-keyin-0001', 'NICE 키인 API'],
  );
  t.equal(await d.page.locator('section.card[data-merchant="kicc-only"] table tbody tr').count(), 1);
  // Korean and English labels, as the payment window writes them.
  t.equal(await d.page.locator('.tabs a[data-view="payments"]').textContent(), '결제 Payments');
  t.equal(await d.page.locator('.tabs a[data-view="payments"] span[lang="en"]').textContent(), 'Payments');
});

t.test('view: billing keys, filtered by customer_uid', async (t) => {
  const d = await dash(t, null);
  await pay(d.s, 'o1', { customer_uid: 'cust_one', buyer_name: '김고객' });
  await pay(d.s, 'o2', { customer_uid: 'cust_two' });
  await open(d, '#/billing-keys');
  t.same(
    await d.page
      .locator('tr[data-customer-uid]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-customer-uid'))),
    ['cust_two', 'cust_one'],
  );
  await d.page.fill('form[data-filters="billing-keys"] input[name="customer_uid"]', 'cust_one');
  await d.page.click('form[data-filters="billing-keys"] button[type="submit"]');
  await d.page.locator('[data-total="1"]').waitFor();
  const row = d.page.locator('tr[data-customer-uid="cust_one"] td');
  const cells = await row.allTextContents();
  t.equal(cells[0], 'default');
  t.equal(cells[1], 'cust_one');
  t.match(cells[2], /41111111\*\*\*\*1111/);
  t.equal(cells[3], '김고객');
  t.equal(cells[5], '2026-01-01 09:00:00 KST');
  t.match(d.page.url(), /#\/billing-keys\?customer_uid=cust_one$/);
});

t.test('view: payments with filters (status, customer_uid, merchant_uid, merchant)', async (t) => {
  const d = await dash(t, null);
  await pay(d.s, 'order-1', { customer_uid: 'cust_1' });
  await pay(d.s, 'order-2');
  await vbank(d.s, 'order-3');
  await open(d, '#/payments');
  const ids = () => d.page.locator('tr[data-imp-uid] td:nth-child(3)').allTextContents();
  t.same(await ids(), ['order-3', 'order-2', 'order-1']);
  t.same(await texts(d.page, 'tr[data-imp-uid] .status'), ['미결제 ready', '결제완료 paid', '결제완료 paid']);
  t.same(await texts(d.page, 'tr[data-imp-uid] td:nth-child(6)'), ['33,000원', '1,000원', '1,000원']);
  const form = 'form[data-filters="payments"]';
  await d.page.selectOption(`${form} select[name="status"]`, 'paid');
  await d.page.click(`${form} button[type="submit"]`);
  await d.page.locator('[data-total="2"]').waitFor();
  t.same(await ids(), ['order-2', 'order-1']);
  await d.page.fill(`${form} input[name="customer_uid"]`, 'cust_1');
  await d.page.click(`${form} button[type="submit"]`);
  await d.page.locator('[data-total="1"]').waitFor();
  t.same(await ids(), ['order-1']);
  await open(d, '#/payments?merchant_uid=order-3');
  // Only the hash changed: the page stays, and the list of the previous filter is there until the new one is drawn.
  await d.page.waitForFunction(
    () =>
      [...document.querySelectorAll('tr[data-imp-uid] td:nth-child(3)')].map((e) => e.textContent).join() === 'order-3',
  );
  t.same(await ids(), ['order-3']);
  await d.page.selectOption(`${form} select[name="merchant"]`, 'kicc-only');
  await d.page.click(`${form} button[type="submit"]`);
  await d.page.locator('[data-total="0"]').waitFor();
  t.equal(await d.page.locator('tr[data-imp-uid]').count(), 0);
  t.equal(await d.page.locator('section[data-view="payments"] p.empty').textContent(), '없습니다 Nothing here yet');
});

t.test('view: a payment in detail, its cancel history and its webhooks as a timeline', async (t) => {
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());
  const d = await dash(t, null);
  const p = await pay(d.s, 'order-tl', { notice_url: receiver.url, buyer_name: '홍길동' });
  await d.s.call('POST', '/payments/cancel', {
    imp_uid: p.imp_uid,
    amount: 400,
    reason: '부분 환불',
    enable_webhook: true,
  });
  await d.s.call('POST', '/payments/cancel', { imp_uid: p.imp_uid, reason: '나머지 환불', enable_webhook: true });
  const waited = await control(d.s, 'GET', `/__sandbox/webhooks/wait?imp_uid=${p.imp_uid}&count=3&timeout_ms=10000`);
  t.equal(waited.done, true);
  await open(d, `#/payments/${p.imp_uid}`);
  t.match(
    await d.page.locator('section[data-view="payments"] h2').textContent(),
    new RegExp(`${p.imp_uid}.*취소 cancelled`),
  );
  const cancels = d.page.locator('tr[data-cancel]');
  t.equal(await cancels.count(), 2);
  t.same((await cancels.nth(0).locator('td').allTextContents()).slice(1, 4), [
    '400원',
    '2026-01-01 09:00:00 KST',
    '부분 환불',
  ]);
  t.same((await cancels.nth(1).locator('td').allTextContents()).slice(1, 4), [
    '600원',
    '2026-01-01 09:00:00 KST',
    '나머지 환불',
  ]);
  const items = await texts(d.page, 'ol.timeline > li');
  t.equal(items.length, 1 + 1 + 2 + 3 + 3, 'started, paid, two cancels, three webhooks and their three attempts');
  t.same(
    await d.page.locator('ol.timeline > li').evaluateAll((els) => els.map((e) => e.className)),
    [
      'payment',
      'payment',
      'webhook',
      'webhook attempt',
      'cancel',
      'webhook',
      'webhook attempt',
      'cancel',
      'webhook',
      'webhook attempt',
    ],
    'in one second of a fixed clock: each webhook after the event it reports, each attempt after its webhook',
  );
  t.match(items[0], /결제 요청 Started/);
  t.match(items[1], /결제 완료 Paid 1,000원/);
  t.equal(await d.page.locator('ol.timeline > li.webhook:not(.attempt)').count(), 3);
  // A partial cancel leaves the payment paid: its webhook says so.
  t.same(await texts(d.page, 'ol.timeline > li.webhook:not(.attempt) .event'), [
    '결제완료 paid',
    '결제완료 paid',
    '취소 cancelled',
  ]);
  t.same(
    waited.deliveries.map((w: any) => w.payload.status),
    ['paid', 'paid', 'cancelled'],
  );
  const attempts = await texts(d.page, 'ol.timeline > li.attempt');
  t.equal(attempts.length, 3);
  for (const a of attempts) t.match(a, /HTTP 200/);
  t.equal(await d.page.locator('ol.timeline button[data-action="redeliver"]').count(), 3);
});

t.test('every value is text: a buyer name that is markup stays characters', async (t) => {
  const d = await dash(t, null);
  const p = await pay(d.s, `xss-${XSS}`, {
    buyer_name: XSS,
    name: `<b>${XSS}</b>`,
    customer_uid: XSS,
    customer_name: XSS,
  });
  for (const hash of ['#/payments', `#/payments/${encodeURIComponent(p.imp_uid)}`, '#/billing-keys']) {
    await open(d, hash);
    t.equal(await d.page.locator('#view img').count(), 0, `${hash}: no img element`);
    t.equal(await d.page.locator('#view b').count(), 0, `${hash}: no b element`);
    t.ok((await d.page.locator('#view').textContent())!.includes(XSS), `${hash}: the characters are shown`);
  }
  await open(d, '#/payments');
  t.equal(await d.page.locator('tr[data-imp-uid] td:nth-child(5)').textContent(), XSS);
  t.same(d.dialogs, [], 'no alert ran');
});

t.test('view: schedules', async (t) => {
  const d = await dash(t, null);
  await pay(d.s, 'first', { customer_uid: 'sub_user' });
  await d.s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'sub_user',
    schedules: [
      { merchant_uid: 'sub_01', schedule_at: T0S + 3600, amount: 9900, name: '월 구독' },
      { merchant_uid: 'sub_02', schedule_at: T0S + 86400, amount: 9900, name: '월 구독' },
    ],
  });
  await control(d.s, 'POST', '/__sandbox/clock', { advance_seconds: 7200 }); // sub_01 runs
  await open(d, '#/schedules');
  const rows = d.page.locator('tr[data-merchant-uid]');
  t.equal(await rows.count(), 2);
  t.same(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-merchant-uid'))), ['sub_02', 'sub_01']);
  const first = await rows.nth(1).locator('td').allTextContents();
  t.same(first.slice(0, 8), [
    'default',
    'sub_01',
    'sub_user',
    '2026-01-01 10:00:00 KST',
    '9,900원',
    '월 구독',
    '실행됨 executed',
    '결제완료 paid',
  ]);
  t.match(first[8], /^imps_/);
  t.equal((await rows.nth(0).locator('td').allTextContents())[6], '예약 scheduled');
  await d.page.selectOption('form[data-filters="schedules"] select[name="status"]', 'scheduled');
  await d.page.click('form[data-filters="schedules"] button[type="submit"]');
  await d.page.locator('[data-total="1"]').waitFor();
  t.same(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-merchant-uid'))), ['sub_02']);
});

t.test('view: webhook deliveries', async (t) => {
  const receiver = await startReceiver({ status: (n) => (n === 2 ? 503 : 200) });
  t.teardown(() => receiver.close());
  const d = await dash(t, null);
  await pay(d.s, 'wh-1', { notice_url: receiver.url });
  await pay(d.s, 'wh-2', { notice_url: receiver.url });
  t.equal((await control(d.s, 'GET', '/__sandbox/webhooks/wait?count=2&timeout_ms=10000')).done, true);
  await open(d, '#/webhooks');
  const rows = d.page.locator('tr[data-webhook]');
  t.equal(await rows.count(), 2);
  const cells = async (i: number) => (await rows.nth(i).locator('td').allTextContents()).slice(0, 8);
  t.same(await cells(0), [
    '#2',
    'default',
    (await cells(0))[2],
    'wh-2',
    '결제완료 paid',
    receiver.url,
    '실패 failed',
    '1 · HTTP 503',
  ]);
  t.same(await cells(1), [
    '#1',
    'default',
    (await cells(1))[2],
    'wh-1',
    '결제완료 paid',
    receiver.url,
    '전송됨 delivered',
    '1 · HTTP 200',
  ]);
  await d.page.selectOption('form[data-filters="webhooks"] select[name="status"]', 'failed');
  await d.page.click('form[data-filters="webhooks"] button[type="submit"]');
  await d.page.locator('[data-total="1"]').waitFor();
  t.same(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-webhook'))), ['2']);
});

t.test('view: the request journal, live, newest first', async (t) => {
  const d = await dash(t, null);
  await d.s.call('GET', '/payments/imps_first');
  await open(d, '#/requests');
  const paths = () => texts(d.page, '#journal tr[data-entry] td:nth-child(3)');
  t.same((await paths()).slice(0, 2), ['/payments/imps_first', '/users/getToken']);
  // Requests made while the view is open appear without a reload (the long poll on /__sandbox/requests/wait).
  await d.s.call('GET', '/payments/imps_second');
  await d.page.locator('#journal tr[data-entry]', { hasText: '/payments/imps_second' }).waitFor();
  await d.s.call('POST', '/payments/cancel', { imp_uid: 'imps_third' });
  await d.page.locator('#journal tr[data-entry]', { hasText: '/payments/cancel' }).waitFor();
  t.same(await paths(), ['/payments/cancel', '/payments/imps_second', '/payments/imps_first', '/users/getToken']);
  const top = await d.page.locator('#journal tr[data-entry]').first().locator('td').allTextContents();
  t.same(top.slice(0, 6), ['2026-01-01 09:00:00 KST', 'POST', '/payments/cancel', '200', '1', 'default']);
});

t.test('view and action: the clock, moved by the form and by a preset', async (t) => {
  const d = await dash(t, '#/clock');
  t.equal(await d.page.locator('#clock-iso').textContent(), '2026-01-01T00:00:00.000Z');
  await d.page.fill('#advance-form input[name="seconds"]', '86400');
  await d.page.click('#advance-form button[type="submit"]');
  await d.page.locator('#clock-iso', { hasText: '2026-01-02T00:00:00.000Z' }).waitFor();
  t.equal((await control(d.s, 'GET', '/__sandbox/clock')).now_iso, '2026-01-02T00:00:00.000Z');
  t.equal(await d.page.locator('#notice').textContent(), '시계 · Clock: 2026-01-02T00:00:00.000Z');
  t.equal(await d.page.locator('#clock-now').textContent(), '2026-01-02T00:00:00.000Z');
  await d.page.click('button[data-advance="3600"]');
  await d.page.locator('#clock-iso', { hasText: '2026-01-02T01:00:00.000Z' }).waitFor();
  t.equal((await control(d.s, 'GET', '/__sandbox/clock')).now_seconds, T0S + 86400 + 3600);
  // One merchant's own clock: the sandbox clock stays.
  await d.page.fill('#advance-form input[name="seconds"]', '600');
  await d.page.selectOption('#advance-form select[name="merchant"]', 'kicc-only');
  await d.page.click('#advance-form button[type="submit"]');
  await d.page.locator('#notice', { hasText: '2026-01-02T01:10:00.000Z' }).waitFor();
  const own = await control(d.s, 'GET', '/__sandbox/clock?merchant=kicc-only');
  t.same([own.now_iso, own.own], ['2026-01-02T01:10:00.000Z', true]);
  t.equal((await control(d.s, 'GET', '/__sandbox/clock')).now_iso, '2026-01-02T01:00:00.000Z');
  await d.page.fill('#set-form input[name="set"]', '2026-03-01T00:00:00Z');
  await d.page.click('#set-form button[type="submit"]');
  await d.page.locator('#clock-iso', { hasText: '2026-03-01T00:00:00.000Z' }).waitFor();
  t.equal((await control(d.s, 'GET', '/__sandbox/clock')).now_iso, '2026-03-01T00:00:00.000Z');
});

t.test('view and actions: fault rules armed and removed', async (t) => {
  const d = await dash(t, null);
  await control(d.s, 'POST', '/__sandbox/faults', { match: { path: '/payments/cancel' }, effect: { type: 'drop' } });
  await open(d, '#/faults');
  t.equal(await d.page.locator('tr[data-fault]').count(), 1);
  await d.page.selectOption('#fault-form select[name="type"]', 'http_status');
  await d.page.selectOption('#fault-form select[name="effect.status"]', '503');
  await d.page.fill('#fault-form input[name="match.method"]', 'post');
  await d.page.fill('#fault-form input[name="match.path"]', '/subscribe/payments/again');
  await d.page.fill('#fault-form input[name="times"]', '2');
  await d.page.click('#fault-form button[type="submit"]');
  await d.page.locator('tr[data-fault]').nth(1).waitFor();
  const rules = await control(d.s, 'GET', '/__sandbox/faults');
  t.equal(rules.length, 2);
  const armed = rules[1];
  t.same(armed.match, { method: 'POST', path: '/subscribe/payments/again' });
  t.same(armed.effect, { type: 'http_status', status: 503, code: -1 });
  t.same([armed.kind, armed.remaining, armed.hits, armed.permanent], ['transport', 2, 0, false]);
  t.equal(await d.page.locator('#notice').textContent(), `규칙 추가 · Armed: ${armed.id}`);
  t.same((await d.page.locator(`tr[data-fault="${armed.id}"] td`).allTextContents()).slice(4, 6), ['2', '0']);
  // A refusal of the control API is shown as it is.
  await d.page.selectOption('#fault-form select[name="type"]', 'webhook_delay');
  await d.page.fill('#fault-form input[name="effect.seconds"]', '30');
  await d.page.fill('#fault-form input[name="match.path"]', '/payments/cancel');
  await d.page.click('#fault-form button[type="submit"]');
  await d.page.locator('#notice.bad').waitFor();
  t.match(await d.page.locator('#notice').textContent(), /webhook rules match only on merchant and merchant_uid/);
  t.equal((await control(d.s, 'GET', '/__sandbox/faults')).length, 2);

  await d.page.click(`tr[data-fault="${armed.id}"] button[data-action="remove-fault"]`);
  await d.page.locator('#notice', { hasText: `규칙 삭제 · Removed: ${armed.id}` }).waitFor();
  t.same(
    (await control(d.s, 'GET', '/__sandbox/faults')).map((r: any) => r.effect.type),
    ['drop'],
  );
  // The notice comes first, the table is drawn again after it: wait for the removed row to go.
  await d.page.locator(`tr[data-fault="${armed.id}"]`).waitFor({ state: 'detached' });
  t.equal(await d.page.locator('tr[data-fault]').count(), 1);
});

t.test('action: reset all', async (t) => {
  const d = await dash(t, null);
  await control(d.s, 'POST', '/__sandbox/merchants', { name: '워커 상점', channels: 'default' });
  await pay(d.s, 'before-reset');
  await open(d, '#/merchants');
  t.equal(await d.page.locator('section.card[data-merchant]').count(), 4);
  await d.page.click('#reset-all');
  await d.page.locator('#notice', { hasText: '전체 초기화 완료 · Everything reset' }).waitFor();
  t.same(d.dialogs, ['confirm: 샌드박스 전체를 초기화할까요? · Reset the whole sandbox?']);
  t.equal(await d.page.locator('section.card[data-merchant]').count(), 3);
  t.equal((await control(d.s, 'GET', '/__sandbox/merchants')).length, 3);
  t.equal((await control(d.s, 'GET', '/__sandbox/data/payments')).total, 0);
});

t.test('action: reset one merchant', async (t) => {
  const d = await dash(t, null);
  const other = await control(d.s, 'POST', '/__sandbox/merchants', { name: '다른 상점', channels: 'default' });
  const otherToken = await d.s.token(other.imp_key, other.imp_secret);
  await d.s.call(
    'POST',
    '/subscribe/payments/onetime',
    { merchant_uid: 'kept', amount: 700, ...CARD },
    { token: otherToken },
  );
  await pay(d.s, 'gone');
  await open(d, '#/merchants');
  await d.page.click('section.card[data-merchant="default"] button[data-action="reset-merchant"]');
  await d.page.locator('#notice', { hasText: 'Reset default' }).waitFor();
  t.same(d.dialogs, ['confirm: 가맹점 default 의 데이터를 초기화할까요? · Reset the data of merchant default?']);
  t.equal((await control(d.s, 'GET', '/__sandbox/data/payments?merchant=default')).total, 0);
  const kept = await control(d.s, 'GET', `/__sandbox/data/payments?merchant=${other.id}`);
  t.same(
    kept.list.map((x: any) => x.payment.merchant_uid),
    ['kept'],
  );
  t.equal(await d.page.locator('section.card[data-merchant]').count(), 4, 'the created merchant stays');
});

t.test('action: redeliver a webhook', async (t) => {
  const receiver = await startReceiver({ status: (n) => (n === 1 ? 500 : 200) });
  t.teardown(() => receiver.close());
  const d = await dash(t, null);
  await pay(d.s, 'redo', { notice_url: receiver.url });
  t.equal((await control(d.s, 'GET', '/__sandbox/webhooks/wait?merchant_uid=redo&timeout_ms=10000')).done, true);
  await open(d, '#/webhooks');
  t.equal((await d.page.locator('tr[data-webhook="1"] td').allTextContents())[6], '실패 failed');
  await d.page.click('tr[data-webhook="1"] button[data-action="redeliver"]');
  await d.page.locator('#notice', { hasText: '웹훅 #1 재전송 · Redelivered: HTTP 200' }).waitFor();
  const [w] = await control(d.s, 'GET', '/__sandbox/webhooks?merchant_uid=redo');
  t.equal(w.status, 'delivered');
  t.same(
    w.attempts.map((a: any) => [a.n, a.manual, a.status_code]),
    [
      [1, false, 500],
      [2, true, 200],
    ],
  );
  t.equal(receiver.got.length, 2);
  await d.page.locator('tr[data-webhook="1"] td', { hasText: '전송됨 delivered' }).waitFor();
});

t.test('action: deposit into a virtual account', async (t) => {
  const d = await dash(t, null);
  const v = await vbank(d.s, 'vb-1');
  await open(d, `#/payments/${v.imp_uid}`);
  t.equal(await d.page.inputValue('#deposit-form input[name="amount"]'), '33000');
  t.equal(await d.page.inputValue('#deposit-form input[name="depositor_name"]'), '김입금');
  await d.page.fill('#deposit-form input[name="depositor_name"]', '홍길동');
  await d.page.click('#deposit-form button[type="submit"]');
  await d.page.locator('#notice', { hasText: '입금했습니다 · Deposited' }).waitFor();
  await d.page.locator('section[data-view="payments"] h2 .status', { hasText: '결제완료 paid' }).waitFor();
  t.equal(await d.page.locator('#deposit-form').count(), 0, 'a paid account takes no second deposit');
  const rest = (await d.s.call('GET', `/payments/${v.imp_uid}`)).body.response;
  t.same([rest.status, rest.amount, rest.paid_at], ['paid', 33000, T0S]);
  t.match(await d.page.locator('ol.timeline').textContent(), /결제 완료 Paid 33,000원/);
});

t.test('action: open the demo', async (t) => {
  const d = await dash(t);
  t.equal(await d.page.getAttribute('#open-demo', 'href'), '/demo/');
  const [demo] = await Promise.all([d.ctx.waitForEvent('page'), d.page.click('#open-demo')]);
  await demo.waitForLoadState();
  t.equal(demo.url(), `${d.s.url}/demo/`);
  t.equal(await demo.title(), '데모 상점 · Demo merchant (iamport-sandbox)');
});

t.test('admin token: asked for, kept in this tab only', async (t) => {
  const d = await dash(t, null, { SANDBOX_ADMIN_TOKEN: ADMIN });
  await d.page.goto(`${d.s.url}/__sandbox/ui/#/payments`);
  await d.page.locator('#token-form:not([hidden])').waitFor();
  t.equal(await d.page.locator('#view section').count(), 0, 'nothing shown without the token');
  await d.page.fill('#token-input', 'not-the-token');
  await d.page.click('#token-form button[type="submit"]');
  await d.page.locator('#token-error', { hasText: 'Sandbox admin token is not valid' }).waitFor();
  t.equal(await d.page.isVisible('#token-form'), true);
  await d.page.fill('#token-input', ADMIN);
  await d.page.click('#token-form button[type="submit"]');
  await d.page.locator('section[data-view="payments"]').waitFor();
  t.equal(await d.page.isVisible('#token-form'), false);
  t.equal(await d.page.locator('#clock-now').textContent(), '2026-01-01T00:00:00.000Z');
  const stored = await d.page.evaluate(() => ({
    session: sessionStorage.getItem('iamport-sandbox.admin-token'),
    local: localStorage.length,
    cookie: document.cookie,
  }));
  t.same(stored, { session: ADMIN, local: 0, cookie: '' });
  t.same(await d.ctx.cookies(), []);
  // A reload of the tab keeps it; another tab asks again.
  await d.page.reload();
  await d.page.locator('section[data-view="payments"]').waitFor();
  const tab = await d.ctx.newPage();
  await tab.goto(`${d.s.url}/__sandbox/ui/`);
  await tab.locator('#token-form:not([hidden])').waitFor();
  t.equal(await tab.locator('#view section').count(), 0);
  // Forgetting it asks again.
  await d.page.click('#forget-token');
  await d.page.locator('#token-form:not([hidden])').waitFor();
  t.equal(await d.page.evaluate(() => sessionStorage.length), 0);
});

t.test('screenshot for the README (DASHBOARD_SCREENSHOT=1)', { skip: !process.env.DASHBOARD_SCREENSHOT }, async (t) => {
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());
  const d = await dash(t, null);
  const p = await pay(d.s, 'order-2026-0001', {
    notice_url: receiver.url,
    buyer_name: '홍길동',
    customer_uid: 'user_42',
  });
  await d.s.call('POST', '/payments/cancel', {
    imp_uid: p.imp_uid,
    amount: 300,
    reason: '부분 환불',
    enable_webhook: true,
  });
  await control(d.s, 'GET', `/__sandbox/webhooks/wait?imp_uid=${p.imp_uid}&count=2&timeout_ms=10000`);
  await open(d, `#/payments/${p.imp_uid}`);
  await d.page.screenshot({ path: new URL('../../docs/dashboard.png', import.meta.url).pathname, fullPage: true });
  t.ok(fs.existsSync(new URL('../../docs/dashboard.png', import.meta.url)));
});
