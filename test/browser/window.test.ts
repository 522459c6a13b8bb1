// Browser tests: a merchant page on another origin loads /v1/iamport.js from the sandbox and goes through the real
// window (typed form or autopilot); each test checks the callback (or the redirect) and what the REST API then says.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, listeningSandbox, MOBILE_UA, shopServer } from './browser.js';
import { type BuiltSandbox, WINDOW_CARD } from '../helpers.js';

let browser: Browser;
let s: BuiltSandbox & { url: string };
let shopSite: Awaited<ReturnType<typeof shopServer>>;
// The merchant's site: another origin (another port), so the SDK works cross-origin as in real life.
let SHOP: string;

t.before(async () => {
  browser = await launchBrowser();
  s = await listeningSandbox(t);
  shopSite = await shopServer();
  SHOP = shopSite.url;
});
t.teardown(async () => {
  await browser?.close();
  await shopSite?.close();
});

/** A fresh browser context; `pages` are added to the merchant site. */
async function shop(pages: Record<string, string> = {}, opts: { userAgent?: string } = {}): Promise<BrowserContext> {
  Object.assign(shopSite.pages, pages);
  return browser.newContext({ userAgent: opts.userAgent, viewport: { width: 1024, height: 760 } });
}

const payPage =
  () => `<!doctype html><html><head><meta charset="utf-8"><script src="${s.url}/v1/iamport.js"></script></head>
<body><h1>Shop</h1><script>
  IMP.init('imp19424728');
  window.__rsp = [];
  window.pay = function (params) { IMP.request_pay(params, function (rsp) { window.__rsp.push(rsp); }); };
</script></body></html>`;

async function callbacks(page: Page): Promise<Record<string, unknown>[]> {
  await page.waitForFunction(() => (window as unknown as { __rsp: unknown[] }).__rsp.length > 0, undefined, {
    timeout: 15000,
  });
  await page.waitForTimeout(100); // a second call would arrive now
  return page.evaluate(() => (window as unknown as { __rsp: Record<string, unknown>[] }).__rsp);
}

async function rest(method: 'GET' | 'POST', url: string, payload?: object) {
  return (await s.call(method, url, payload)).body;
}

const autopilot = (action: string, card_number?: string) =>
  s.app.inject({ method: 'POST', url: '/__sandbox/window/autopilot', payload: { action, card_number } });

t.test('PC: a typed card registers a billing key in the overlay window, and again then charges it', async (t) => {
  const ctx = await shop({ '/': payPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/`);
  await page.evaluate(() =>
    (window as unknown as { pay: (p: object) => void }).pay({
      pg: 'kicc',
      pay_method: 'card',
      merchant_uid: 'issue_b1',
      name: '최초인증결제',
      amount: 0,
      customer_uid: 'gildong_0001_1234',
      buyer_name: '홍길동',
      buyer_email: 'gd@example.com',
      buyer_tel: '02-1234-1234',
    }),
  );
  const dialog = page.locator('div.imp-dialog');
  await dialog.waitFor();
  t.equal(await dialog.evaluate((el) => getComputedStyle(el).zIndex), '99999');
  const win = page.frameLocator('div.imp-dialog iframe');
  await win.locator('#order-name').filter({ hasText: '최초인증결제' }).waitFor();
  t.equal(await win.locator('#merchant-name').textContent(), '아임포트 샌드박스 상점');
  t.equal(await win.locator('#amount').textContent(), '0원');
  t.equal(await win.locator('#billing-note').isVisible(), true);
  await win.locator('input[name="card_number"]').fill(WINDOW_CARD.card_number);
  await win.locator('input[name="expiry"]').fill(WINDOW_CARD.expiry);
  await win.locator('input[name="birth"]').fill(WINDOW_CARD.birth);
  await win.locator('input[name="pwd_2digit"]').fill(WINDOW_CARD.pwd_2digit);
  if (process.env.WINDOW_SCREENSHOT) {
    fs.mkdirSync(path.resolve('docs'), { recursive: true });
    await page.screenshot({ path: path.resolve('docs/window.png') });
  }
  await win.locator('[data-action="submit"]').press('Enter');
  const [rsp, ...more] = await callbacks(page);
  t.equal(more.length, 0, 'the callback is called exactly once');
  t.equal(await page.locator('div.imp-dialog').count(), 0, 'the overlay is removed after the callback');
  t.equal(rsp!.success, true);
  t.match(rsp!.imp_uid, /^imp_\d{12}$/);
  t.equal(rsp!.customer_uid, 'gildong_0001_1234');
  t.equal(rsp!.paid_amount, 0);
  t.equal(rsp!.card_number, '41111111****1111');
  t.equal(rsp!.request_id, undefined);

  const p = await rest('GET', `/payments/${rsp!.imp_uid}`);
  t.equal(p.response.status, 'paid');
  t.equal(p.response.channel, 'pc');
  t.equal(p.response.customer_uid_usage, 'issue');
  t.equal(p.response.amount, 0);
  t.equal(p.response.paid_at, rsp!.paid_at);
  const again = await rest('POST', '/subscribe/payments/again', {
    customer_uid: 'gildong_0001_1234',
    merchant_uid: 'order_b1',
    amount: 3000,
  });
  t.equal(again.code, 0);
  t.equal(again.response.status, 'paid');
  t.equal(again.response.amount, 3000);
});

t.test('PC: a general payment through the autopilot is paid and agrees with GET /payments', async (t) => {
  const ctx = await shop({ '/': payPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/`);
  await autopilot('approve');
  await page.evaluate(() =>
    (window as unknown as { pay: (p: object) => void }).pay({
      pg: 'kicc',
      merchant_uid: 'order_g1',
      name: '티셔츠',
      amount: 25000,
      buyer_tel: '010-0000-0000',
      custom_data: { size: 'L' },
    }),
  );
  const [rsp] = await callbacks(page);
  t.equal(rsp!.success, true);
  t.equal(rsp!.pay_method, 'card');
  t.equal(rsp!.paid_amount, 25000);
  t.same(rsp!.custom_data, { size: 'L' });
  const p = (await rest('GET', `/payments/${rsp!.imp_uid}`)).response;
  t.equal(p.status, 'paid');
  t.equal(p.channel, 'pc');
  t.equal(p.apply_num, rsp!.apply_num);
  t.equal(p.card_number, rsp!.card_number);
  t.equal(p.pg_tid, rsp!.pg_tid);
  t.equal(p.merchant_uid, 'order_g1');
});

t.test('PC: a decline card answers success false with F0004 and the payment is failed', async (t) => {
  const ctx = await shop({ '/': payPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/`);
  await autopilot('decline');
  await page.evaluate(() =>
    (window as unknown as { pay: (p: object) => void }).pay({ merchant_uid: 'order_d1', name: '티셔츠', amount: 5000 }),
  );
  const [rsp] = await callbacks(page);
  t.equal(rsp!.success, false);
  t.equal(rsp!.error_code, 'F0004');
  t.match(rsp!.error_msg, /^F0004:PG사 결제요청에 실패하여 중단합니다\.\(imp_\d{12}\) \[8016\]/);
  t.equal(rsp!.status, 'failed');
  const p = (await rest('GET', `/payments/${rsp!.imp_uid}`)).response;
  t.equal(p.status, 'failed');
  t.equal(p.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
});

t.test('PC: the cancel button gives the exact cancel message', async (t) => {
  const ctx = await shop({ '/': payPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/`);
  await page.evaluate(() =>
    (window as unknown as { pay: (p: object) => void }).pay({ merchant_uid: 'order_c1', name: '취소', amount: 1000 }),
  );
  const win = page.frameLocator('div.imp-dialog iframe');
  await win.locator('[data-action="cancel"]').click();
  const [rsp] = await callbacks(page);
  t.equal(rsp!.success, false);
  t.equal(rsp!.error_msg, '사용자가 결제를 취소하셨습니다');
  t.equal((await rest('GET', `/payments/${rsp!.imp_uid}`)).response.status, 'failed');
});

t.test(
  'PC: a virtual account window takes a bank choice, answers status ready with vbank_num, and REST agrees',
  async (t) => {
    const ctx = await shop({ '/': payPage() });
    t.teardown(() => ctx.close());
    const page = await ctx.newPage();
    await page.goto(`${SHOP}/`);
    await page.evaluate(() =>
      (window as unknown as { pay: (p: object) => void }).pay({
        pg: 'kicc',
        pay_method: 'vbank',
        merchant_uid: 'order_vb1',
        name: '가상계좌 주문',
        amount: 33000,
        buyer_tel: '010-1234-5678',
        vbank_due: '2026-01-15',
      }),
    );
    const win = page.frameLocator('div.imp-dialog iframe');
    const select = win.locator('select[name="vbank_code"]');
    await select.waitFor();
    t.equal(await win.locator('input[name="card_number"]').isVisible(), false, 'no card form');
    t.same(await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), [
      '',
      '004',
      '088',
      '020',
      '081',
      '011',
    ]);
    t.equal(await win.locator('label[for="vbank_code"]').textContent(), '입금 은행 Bank for the deposit');
    await select.selectOption('088');
    await win.locator('[data-action="submit"]').click();
    const [rsp] = await callbacks(page);
    t.equal(rsp!.success, true);
    t.equal(rsp!.status, 'ready');
    t.equal(rsp!.pay_method, 'vbank');
    t.equal(rsp!.paid_amount, 33000);
    t.equal(rsp!.vbank_name, '신한은행');
    t.match(rsp!.vbank_num, /^\d{3}-\d{3}-\d{6}$/);
    t.equal(rsp!.vbank_date, Date.parse('2026-01-15T23:59:59+09:00') / 1000);
    const p = (await rest('GET', `/payments/${rsp!.imp_uid}`)).response;
    t.equal(p.status, 'ready');
    t.equal(p.channel, 'pc');
    t.equal(p.vbank_code, '088');
    t.equal(p.vbank_num, rsp!.vbank_num);
    t.equal(p.vbank_holder, rsp!.vbank_holder);
    t.equal(p.vbank_date, rsp!.vbank_date);
    t.equal(p.paid_at, 0);
  },
);

t.test('PC: a prepared amount that differs is refused before the window opens, with imp_uid null', async (t) => {
  const ctx = await shop({ '/': payPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/`);
  t.equal((await rest('POST', '/payments/prepare', { merchant_uid: 'order_r1', amount: 5000 })).code, 0);
  await page.evaluate(() =>
    (window as unknown as { pay: (p: object) => void }).pay({ merchant_uid: 'order_r1', amount: 4000 }),
  );
  const [rsp] = await callbacks(page);
  t.equal(rsp!.success, false);
  t.equal(rsp!.imp_uid, null);
  t.equal(rsp!.merchant_uid, 'order_r1');
  t.equal(rsp!.error_msg, '사전등록된 결제정보와 금액이 일치하지 않습니다. (사전등록 금액: 5000, 요청 금액: 4000)');
  const found = await s.app.inject({
    method: 'GET',
    url: '/payments/find/order_r1',
    headers: { authorization: await s.token() },
  });
  t.equal(found.statusCode, 404, 'no payment exists for the refused request');
});

t.test('mobile: the page goes to the window and on to m_redirect_url with the result, keeping its query', async (t) => {
  const ctx = await shop({ '/m/pay': payPage() }, { userAgent: MOBILE_UA });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/m/pay`);
  await autopilot('approve');
  await page.evaluate(() =>
    (window as unknown as { pay: (p: object) => void }).pay({
      pg: 'kicc',
      merchant_uid: 'issue_m1',
      name: '최초인증결제',
      amount: 0,
      customer_uid: 'mobile_cust',
      buyer_tel: '010-1111-2222',
      m_redirect_url: '/m/done?utm_source=mobile',
    }),
  );
  await page.waitForURL(/\/m\/done\?/, { timeout: 15000 });
  const url = new URL(page.url());
  t.equal(url.origin, SHOP);
  t.equal(url.searchParams.get('utm_source'), 'mobile');
  t.equal(url.searchParams.get('merchant_uid'), 'issue_m1');
  t.equal(url.searchParams.get('imp_success'), 'true');
  t.match(url.searchParams.get('imp_uid'), /^imp_\d{12}$/);
  t.equal(url.searchParams.get('error_msg'), null);
  const p = (await rest('GET', `/payments/${url.searchParams.get('imp_uid')}`)).response;
  t.equal(p.channel, 'mobile');
  t.equal(p.customer_uid_usage, 'issue');
  t.equal((await rest('GET', '/subscribe/customers/mobile_cust')).code, 0);
});

t.test("the KICC guide's billing snippet works pasted unchanged; request_pay before init only alerts", async (t) => {
  // From iamport-manual 비인증결제/example/kicc-request-billing-key.md, unchanged; only the script host differs.
  const snippet = `IMP.request_pay({
   pg : 'kicc.빌링상점아이디', // 각각의 상점아이디로 일반결제와 빌링결제를 동시에 이용할 경우 빌링상점아이디를 지정해야 합니다.
	pay_method : 'card', // 'card'만 지원됩니다.
	merchant_uid : 'merchant_' + new Date().getTime(),
	name : '최초인증결제',
	amount : 1000, // 결제창에 표시될 금액. 실제 승인이 이뤄지지는 않습니다.
	customer_uid : 'your-customer-unique-id', // 필수 입력.
	buyer_email : 'iamport@siot.do',
	buyer_name : '아임포트',
	buyer_tel : '02-1234-1234',
	m_redirect_url : "https://yourservice.com/mobile/billing/landing" //모바일에서 빌링키 발급 후 이동할 URL
}, function(rsp) {
	if ( rsp.success ) {
		alert('빌링키 발급 성공');
	} else {
		alert('빌링키 발급 실패');
	}
});`;
  const guide = `<!doctype html><html><head><meta charset="utf-8"><script src="${s.url}/v1/iamport.js"></script></head><body>
<button id="early" onclick="IMP.request_pay({amount: 1}, function () { window.__early = true; })">early</button>
<button id="init" onclick="IMP.init('imp19424728')">init</button>
<button id="billing" onclick="register()">register</button>
<script>function register() {
${snippet}
}</script></body></html>`;
  const ctx = await shop({ '/guide': guide });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const alerts: string[] = [];
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.accept();
  });
  await page.goto(`${SHOP}/guide`);
  await page.click('#early');
  t.same(alerts, ['판매자 코드가 설정되지 않았습니다. IMP.init()함수를 먼저 호출하세요.']);
  t.equal(
    await page.evaluate(() => (window as unknown as { __early?: boolean }).__early ?? null),
    null,
    'no callback before init',
  );
  t.equal(await page.locator('div.imp-dialog').count(), 0);

  await page.click('#init');
  await autopilot('approve');
  await page.click('#billing');
  // The snippet's callback answers with alert(); wait for it (at most 15 s).
  for (let i = 0; i < 300 && alerts.length < 2; i++) await page.waitForTimeout(50);
  t.equal(await page.locator('div.imp-dialog').count(), 0);
  t.same(alerts.slice(1), ['빌링키 발급 성공']);
  const cust = await rest('GET', '/subscribe/customers/your-customer-unique-id');
  t.equal(cust.code, 0);
  t.equal(cust.response.customer_name, '아임포트');
  t.equal(cust.response.pg_provider, 'kicc');
  const issued = (await rest('GET', '/subscribe/customers/your-customer-unique-id/payments')).response;
  t.equal(issued.list[0].customer_uid_usage, 'issue');
  t.equal(issued.list[0].amount, 0, 'the displayed 1000 is not charged');
});

t.test('the demo page registers a card in the window and its server route charges it with again', async (t) => {
  const ctx = await shop();
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${s.url}/demo/`);
  await page.fill('#customer_uid', 'demo_browser');
  await autopilot('approve');
  await page.click('#register');
  await page.locator('#register-out').filter({ hasText: '"success": true' }).waitFor({ timeout: 15000 });
  const rsp = JSON.parse((await page.locator('#register-out').textContent())!);
  t.equal(rsp.customer_uid, 'demo_browser');
  await page.fill('#amount', '4900');
  await page.click('#charge');
  await page.locator('#charge-out pre').nth(1).waitFor({ timeout: 15000 });
  const step2 = JSON.parse((await page.locator('#charge-out pre').nth(1).textContent())!);
  t.equal(step2.request.url, '/subscribe/payments/again');
  t.equal(step2.response.code, 0);
  t.equal(step2.response.response.status, 'paid');
  t.equal(step2.response.response.amount, 4900);
  const p = (await rest('GET', `/payments/${step2.response.response.imp_uid}`)).response;
  t.equal(p.customer_uid_usage, 'payment');
});

t.test(
  'keyboard only: the card field has focus, Tab walks the labelled fields, Enter pays, Escape cancels',
  async (t) => {
    const ctx = await shop({ '/': payPage() });
    t.teardown(() => ctx.close());
    const page = await ctx.newPage();
    await page.goto(`${SHOP}/`);
    await page.evaluate(() =>
      (window as unknown as { pay: (p: object) => void }).pay({
        pg: 'kicc',
        merchant_uid: 'kbd_1',
        name: '키보드 결제',
        amount: 1200,
        buyer_tel: '010-0000-0000',
      }),
    );
    const win = page.frameLocator('div.imp-dialog iframe');
    // Every input is reachable by its label, in Korean and English.
    for (const [label, name] of [
      ['카드번호 Card number', 'card_number'],
      ['유효기간 Expiry', 'expiry'],
      ['비밀번호 앞 2자리 Password, first 2 digits', 'pwd_2digit'],
      ['생년월일 6자리 또는 사업자번호 10자리 Birth date (YYMMDD) or business number', 'birth'],
    ]) {
      t.equal(await win.getByLabel(label!, { exact: true }).getAttribute('name'), name, `"${label}" labels ${name}`);
    }
    const focused = () => win.locator(':focus').getAttribute('name');
    await win.locator('input[name="card_number"]:focus').waitFor();
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Tab');
    t.equal(await focused(), 'expiry');
    await page.keyboard.type('2031-01');
    await page.keyboard.press('Tab');
    t.equal(await focused(), 'pwd_2digit');
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    t.equal(await focused(), 'birth');
    await page.keyboard.type('900101');
    await page.keyboard.press('Enter');
    const [rsp] = await callbacks(page);
    t.equal(rsp!.success, true);
    t.equal(rsp!.paid_amount, 1200);
    t.equal(rsp!.card_number, '42424242****4242');
    t.equal((await rest('GET', `/payments/${rsp!.imp_uid}`)).response.status, 'paid');

    // A second window, closed with Escape.
    await page.evaluate(() => {
      (window as unknown as { __rsp: unknown[] }).__rsp = [];
      (window as unknown as { pay: (p: object) => void }).pay({
        pg: 'kicc',
        merchant_uid: 'kbd_2',
        name: '키보드 취소',
        amount: 500,
        buyer_tel: '010-0000-0000',
      });
    });
    await win.locator('input[name="card_number"]:focus').waitFor();
    await page.keyboard.press('Escape');
    const [cancelled] = await callbacks(page);
    t.equal(cancelled!.success, false);
    t.equal(cancelled!.error_msg, '사용자가 결제를 취소하셨습니다');
  },
);
