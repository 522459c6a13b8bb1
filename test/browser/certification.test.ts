// Browser tests of IMP.certification: a merchant page on another origin loads /v1/iamport.js from the sandbox and goes
// through the verification window (typed, picked from the test people, or by the autopilot); each test checks the
// callback (or the mobile redirect) and what GET /certifications/{imp_uid} then says.
import t from 'tap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, listeningSandbox, MOBILE_UA, shopServer } from './browser.js';
import type { BuiltSandbox } from '../helpers.js';

let browser: Browser;
let s: BuiltSandbox & { url: string };
let shopSite: Awaited<ReturnType<typeof shopServer>>;
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

async function shop(pages: Record<string, string> = {}, opts: { userAgent?: string } = {}): Promise<BrowserContext> {
  Object.assign(shopSite.pages, pages);
  return browser.newContext({ userAgent: opts.userAgent, viewport: { width: 1024, height: 760 } });
}

const certPage =
  () => `<!doctype html><html><head><meta charset="utf-8"><script src="${s.url}/v1/iamport.js"></script></head>
<body><h1>Sign up</h1><script>
  IMP.init('imp19424728');
  window.__rsp = [];
  window.certify = function (params) { IMP.certification(params, function (rsp) { window.__rsp.push(rsp); }); };
</script></body></html>`;

type Rsp = Record<string, unknown>;
async function callbacks(page: Page): Promise<Rsp[]> {
  await page.waitForFunction(() => (window as unknown as { __rsp: unknown[] }).__rsp.length > 0, undefined, {
    timeout: 15000,
  });
  await page.waitForTimeout(100); // a second call would arrive now
  return page.evaluate(() => (window as unknown as { __rsp: Rsp[] }).__rsp);
}
const certify = (page: Page, params: object) =>
  page.evaluate((p) => (window as unknown as { certify: (p: object) => void }).certify(p), params);

const certification = async (impUid: unknown) => (await s.call('GET', `/certifications/${impUid}`)).body;
const autopilot = (action: string, phone?: string) =>
  s.app.inject({ method: 'POST', url: '/__sandbox/window/autopilot', payload: { action, phone } });

t.test('PC: a typed person and code verify in the overlay; a wrong code keeps the window open', async (t) => {
  const ctx = await shop({ '/signup': certPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/signup?step=2`);
  await certify(page, { merchant_uid: 'cert_b1', company: '샌드박스 쇼핑', name: '홍길동', carrier: 'SKT' });
  const dialog = page.locator('div.imp-dialog');
  await dialog.waitFor();
  t.equal(await dialog.evaluate((el) => getComputedStyle(el).zIndex), '99999');
  const win = page.frameLocator('div.imp-dialog iframe');
  await win.locator('#identity-form').waitFor();
  t.equal(await win.locator('#merchant-name').textContent(), '샌드박스 쇼핑');
  t.equal(await win.getByLabel('이름 Name', { exact: true }).inputValue(), '홍길동', 'name is prefilled');
  t.same(
    await win
      .locator('select[name="carrier"] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ['SKT'],
    'carrier SKT is the only choice',
  );
  await win.getByLabel('생년월일 6자리 Birth date (YYMMDD)', { exact: true }).fill('900101');
  await win.getByLabel('주민번호 뒷자리 첫 숫자 Gender digit', { exact: true }).fill('1');
  const phone = win.getByLabel('휴대폰번호 Mobile number', { exact: true });
  await phone.fill('010-1234');
  await win.locator('[data-action="send"]').click();
  await win.locator('#form-error').filter({ hasText: '휴대폰번호를 확인해주세요.' }).waitFor();
  t.equal(await phone.getAttribute('aria-invalid'), 'true', 'the phone field is marked');
  await phone.fill('010-1234-5678');
  await win.locator('[data-action="send"]').click();
  await win.locator('#otp-form').waitFor();
  t.match(await win.locator('#otp-sent').textContent(), /^010-\*\*\*\*-5678 으로 인증번호를 보냈습니다/);
  const otp = win.getByLabel('인증번호 6자리 Verification code', { exact: true });
  await otp.fill('123456');
  await otp.press('Enter');
  await win.locator('#otp-error').filter({ hasText: '인증번호가 일치하지 않습니다.' }).waitFor();
  await otp.fill('345678');
  await otp.press('Enter');
  const [rsp, ...more] = await callbacks(page);
  t.equal(more.length, 0, 'the callback is called exactly once');
  t.equal(await page.locator('div.imp-dialog').count(), 0, 'the overlay is removed after the callback');
  t.match(rsp!.imp_uid, /^imp_\d{12}$/);
  t.same(rsp, {
    success: true,
    imp_success: true,
    imp_uid: rsp!.imp_uid,
    merchant_uid: 'cert_b1',
    pg_provider: 'danal',
    pg_type: 'certification',
  });
  const c = (await certification(rsp!.imp_uid)).response;
  t.equal(c.certified, true);
  t.equal(c.name, '홍길동');
  t.equal(c.phone, '01012345678');
  t.equal(c.birthday, '1990-01-01');
  t.equal(c.merchant_uid, 'cert_b1');
  t.equal(c.origin, `${SHOP}/signup?step=2`, 'origin is the merchant page');
});

t.test('PC: min_age refuses a minor picked from the test people; the callback says why', async (t) => {
  const ctx = await shop({ '/signup': certPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/signup`);
  await certify(page, { merchant_uid: 'cert_b2', min_age: 19 });
  const win = page.frameLocator('div.imp-dialog iframe');
  await win.locator('#age-note').filter({ hasText: '만 19세 이상만' }).waitFor();
  const person = win.getByLabel('테스트 인물 채우기 Fill in a test person', { exact: true });
  await person.selectOption({
    label: '박민준 · 010-5555-6666 · Minor (born 2012): verifies, but is refused by min_age 19 (OTP 556666)',
  });
  t.equal(await win.locator('input[name="birth"]').inputValue(), '120315');
  t.equal(await win.locator('input[name="gender_digit"]').inputValue(), '3');
  t.equal(await win.locator('select[name="carrier"]').inputValue(), 'LGT');
  await win.locator('[data-action="send"]').click();
  const [rsp] = await callbacks(page);
  t.equal(rsp!.success, false);
  t.equal(rsp!.error_code, 'F0004');
  t.equal(rsp!.error_msg, '만 19세 이상만 본인인증을 진행할 수 있습니다.');
  t.equal(rsp!.merchant_uid, 'cert_b2');
  t.equal((await certification(rsp!.imp_uid)).response.certified, false);
});

t.test('PC: the autopilot verifies, declines and cancels without a keystroke', async (t) => {
  const ctx = await shop({ '/signup': certPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/signup`);

  await autopilot('approve', '010-7777-8888');
  await certify(page, { merchant_uid: 'cert_b3' });
  const [ok] = await callbacks(page);
  t.equal(ok!.success, true);
  const c = (await certification(ok!.imp_uid)).response;
  t.equal(c.name, '이서연');
  t.equal(c.carrier, 'SKT_MVNO');

  await page.evaluate(() => {
    (window as unknown as { __rsp: unknown[] }).__rsp = [];
  });
  await autopilot('decline');
  await certify(page, { merchant_uid: 'cert_b4' });
  const [declined] = await callbacks(page);
  t.equal(declined!.success, false);
  t.equal(declined!.error_code, 'F0004');
  t.equal(declined!.error_msg, '명의도용 차단 서비스에 가입된 휴대폰번호입니다. 본인확인을 진행할 수 없습니다.');

  await page.evaluate(() => {
    (window as unknown as { __rsp: unknown[] }).__rsp = [];
  });
  await autopilot('cancel');
  await certify(page, { merchant_uid: 'cert_b5' });
  const [cancelled] = await callbacks(page);
  t.equal(cancelled!.success, false);
  t.equal(cancelled!.error_code, 'F0005');
  t.equal(cancelled!.error_msg, '사용자가 본인인증을 취소하셨습니다');
  t.match(cancelled!.imp_uid, /^imp_\d{12}$/, 'a cancelled verification has its imp_uid');
});

t.test('PC: Escape cancels; a bad parameter is refused before the window opens (imp_uid null)', async (t) => {
  const ctx = await shop({ '/signup': certPage() });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/signup`);
  await certify(page, { merchant_uid: 'cert_b6' });
  const win = page.frameLocator('div.imp-dialog iframe');
  await win.locator('input[name="name"]:focus').waitFor();
  await page.keyboard.press('Escape');
  const [esc] = await callbacks(page);
  t.equal(esc!.error_msg, '사용자가 본인인증을 취소하셨습니다');

  await page.evaluate(() => {
    (window as unknown as { __rsp: unknown[] }).__rsp = [];
  });
  await certify(page, { merchant_uid: 'cert_b7', carrier: 'U+' });
  const [refused] = await callbacks(page);
  t.equal(refused!.success, false);
  t.equal(refused!.imp_uid, null);
  t.equal(refused!.error_code, 'F1002');
  t.match(refused!.error_msg, /^본인인증 요청 파라메터가 올바르지 않습니다\. carrier: /);
  t.equal(await page.locator('div.imp-dialog').count(), 0);
});

t.test('mobile: the page goes to the window and on to m_redirect_url with the result, keeping its query', async (t) => {
  const ctx = await shop({ '/m/signup': certPage() }, { userAgent: MOBILE_UA });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${SHOP}/m/signup`);
  await autopilot('approve');
  await certify(page, { merchant_uid: 'cert_m1', m_redirect_url: '/m/cert-done?utm_source=app' });
  await page.waitForURL(/\/m\/cert-done\?/, { timeout: 15000 });
  const url = new URL(page.url());
  t.equal(url.origin, SHOP);
  t.equal(url.searchParams.get('utm_source'), 'app');
  t.equal(url.searchParams.get('merchant_uid'), 'cert_m1');
  t.equal(url.searchParams.get('success'), 'true');
  t.equal(url.searchParams.get('imp_success'), 'true');
  t.equal(url.searchParams.get('error_msg'), null);
  const impUid = url.searchParams.get('imp_uid');
  t.match(impUid, /^imp_\d{12}$/);
  const c = (await certification(impUid)).response;
  t.equal(c.certified, true);
  t.equal(c.name, '홍길동');
  t.equal(c.origin, `${SHOP}/m/signup`);

  // A failure goes there too, with the reason.
  await page.goto(`${SHOP}/m/signup`);
  await autopilot('decline');
  await certify(page, { merchant_uid: 'cert_m2', m_redirect_url: `${SHOP}/m/cert-done` });
  await page.waitForURL(/\/m\/cert-done\?imp_uid=/, { timeout: 15000 });
  const failed = new URL(page.url());
  t.equal(failed.searchParams.get('success'), 'false');
  t.equal(failed.searchParams.get('error_code'), 'F0004');
  t.equal(failed.searchParams.get('merchant_uid'), 'cert_m2');
});

t.test('mobile with popup: true gets the overlay and the callback; before init only an alert', async (t) => {
  const early = `<!doctype html><html><head><meta charset="utf-8"><script src="${s.url}/v1/iamport.js"></script></head>
<body><script>
  window.__rsp = [];
  window.certify = function (params) { IMP.certification(params, function (rsp) { window.__rsp.push(rsp); }); };
</script></body></html>`;
  const ctx = await shop({ '/m/popup': certPage(), '/early': early }, { userAgent: MOBILE_UA });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const alerts: string[] = [];
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.accept();
  });
  await page.goto(`${SHOP}/early`);
  await certify(page, { merchant_uid: 'cert_e1' });
  t.same(alerts, ['판매자 코드가 설정되지 않았습니다. IMP.init()함수를 먼저 호출하세요.']);
  t.equal(await page.locator('div.imp-dialog').count(), 0);

  await page.goto(`${SHOP}/m/popup`);
  await autopilot('approve');
  await certify(page, { merchant_uid: 'cert_p1', popup: true });
  const [rsp] = await callbacks(page);
  t.equal(rsp!.success, true);
  t.equal(new URL(page.url()).pathname, '/m/popup', 'the page stayed');
  await page.evaluate(() => (window as unknown as { IMP: { certification: () => unknown } }).IMP.certification());
  t.same(alerts.slice(1), ['결제요청 파라메터가 누락되었습니다.']);
});
