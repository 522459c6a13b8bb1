// iamport-sandbox dashboard. Reads and acts only through the control API (/__sandbox/*). Every value from the server
// goes into the page as text (textContent, attributes), never as markup: a buyer name `<img src=x onerror=...>` shows
// as those characters. The admin token, when the server wants one, lives in sessionStorage only (this tab).
'use strict';

(() => {
  const TOKEN_KEY = 'iamport-sandbox.admin-token';
  const $ = (sel) => document.querySelector(sel);
  const view = $('#view');

  // ---- DOM building: text only ----

  /** h('td', {class: 'num', title: 'x'}, 'text', node, [more]): attributes by setAttribute, handlers for on*. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  /** A bilingual label as the payment window writes them: Korean, then the English in a lang="en" span. */
  const label = (ko, en) => [ko, ' ', h('span', { lang: 'en' }, en)];
  const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);

  /** UNIX seconds (or ms with `ms`) as KST wall time, the i'mport console's zone; 0 is "not yet". */
  function kst(t, ms) {
    if (!t) return '—';
    const d = new Date((ms ? t : t * 1000) + 9 * 3600 * 1000);
    return `${d.toISOString().slice(0, 19).replace('T', ' ')} KST`;
  }
  const when = (t, ms) => h('time', { title: String(t), 'data-t': t }, kst(t, ms));
  const won = (n) => `${Number(n).toLocaleString('ko-KR')}원`;

  const STATUS_KO = {
    ready: '미결제',
    paid: '결제완료',
    cancelled: '취소',
    failed: '실패',
    pending: '대기',
    delivering: '전송 중',
    delivered: '전송됨',
    scheduled: '예약',
    executed: '실행됨',
    revoked: '취소됨',
  };
  const status = (s) =>
    s === null || s === undefined
      ? '—'
      : h('span', { class: `status status-${s}`, 'data-status': s }, `${STATUS_KO[s] || ''} ${s}`.trim());

  /** A table from columns [[ko, en, cell(row)], ...]; an empty list says so. */
  function table(rows, columns, rowAttrs) {
    if (!rows.length) return h('p', { class: 'empty' }, label('없습니다', 'Nothing here yet'));
    return h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map(([ko, en]) => h('th', {}, label(ko, en))),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            rowAttrs ? rowAttrs(r) : {},
            columns.map(([, , cell, cls]) => h('td', cls ? { class: cls } : {}, cell(r))),
          ),
        ),
      ),
    );
  }
  const fields = (pairs) =>
    h(
      'dl',
      { class: 'fields' },
      pairs.map(([ko, en, v]) => [h('dt', {}, label(ko, en)), h('dd', {}, v === undefined ? '—' : dash(v))]),
    );
  const code = (v) => (v === null || v === undefined || v === '' ? '—' : h('code', {}, v));
  const json = (v) => h('pre', { class: 'json' }, JSON.stringify(v, null, 2));

  // ---- notices ----

  function notice(text, bad) {
    const n = $('#notice');
    n.textContent = text;
    n.className = bad ? 'notice bad' : 'notice';
    n.hidden = false;
  }
  const clearNotice = () => {
    $('#notice').hidden = true;
  };

  // ---- the control API ----

  class NeedToken extends Error {}
  class Refused extends Error {
    constructor(status, message) {
      super(message || `HTTP ${status}`);
      this.status = status;
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);
  async function api(method, path, body) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const t = token();
    if (t) headers['x-sandbox-admin-token'] = t;
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const res = await fetch(path, init);
    let env = null;
    try {
      env = await res.json();
    } catch {
      env = null;
    }
    if (res.status === 401) {
      askToken(t ? (env && env.message) || 'invalid token' : '');
      throw new NeedToken();
    }
    if (!env || env.code !== 0) throw new Refused(res.status, env && env.message);
    return env.response;
  }
  const qs = (params) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
    const s = u.toString();
    return s ? `?${s}` : '';
  };

  function askToken(message) {
    $('#token-form').hidden = false;
    $('#token-error').textContent = message;
    view.replaceChildren();
    $('#token-input').focus();
  }
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token-input').value);
    $('#token-input').value = '';
    $('#token-form').hidden = true;
    start();
  });
  $('#forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });

  /** Run an action; report its refusal (or success) in the notice, then draw the view again. */
  // The notice is shown once the view is drawn again, so whoever reads it (a person, a test) sees the new state.
  async function act(fn, done) {
    clearNotice();
    let message = null;
    let bad = false;
    try {
      const r = await fn();
      if (done) message = typeof done === 'function' ? done(r) : done;
    } catch (e) {
      if (e instanceof NeedToken) return;
      message = e.message;
      bad = true;
    }
    await refreshClock();
    await render();
    if (message !== null) notice(message, bad);
  }

  // ---- shared state ----

  let merchants = [];
  let live = null; // AbortController of the journal's long poll while that view is shown

  async function loadMerchants() {
    merchants = await api('GET', '/__sandbox/merchants');
  }
  async function refreshClock() {
    try {
      const c = await api('GET', '/__sandbox/clock');
      const el = $('#top-clock');
      el.replaceChildren();
      append(el, [label('시계', 'Clock'), ': ', h('strong', { id: 'clock-now' }, c.now_iso), ` (${c.mode})`]);
    } catch {
      /* the view reports it */
    }
  }

  function merchantSelect(name, value, allLabel) {
    return h(
      'select',
      { name },
      h('option', { value: '' }, allLabel || '전체 · All'),
      merchants.map((m) => h('option', { value: m.id, selected: m.id === value }, `${m.name} (${m.id})`)),
    );
  }
  const merchantName = (id) => {
    const m = merchants.find((x) => x.id === id);
    return m ? h('span', { title: m.name }, id) : id;
  };

  /** A filter form whose values go into the hash (#/view?a=b), so a filtered view can be linked and reloaded. */
  function filterForm(route, params, inputs) {
    const form = h(
      'form',
      { class: 'filters', 'data-filters': route },
      inputs.map(([name, ko, en, control]) =>
        h('label', {}, h('span', {}, label(ko, en)), control || h('input', { name, value: params[name] || '' })),
      ),
      h('button', { type: 'submit' }, label('조회', 'Filter')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const p = {};
      for (const [k, v] of new FormData(form)) if (v !== '') p[k] = v;
      go(route, p);
    });
    return form;
  }
  function statusSelect(name, values, value) {
    return h(
      'select',
      { name },
      h('option', { value: '' }, '전체 · All'),
      values.map((s) => h('option', { value: s, selected: s === value }, `${STATUS_KO[s]} · ${s}`)),
    );
  }
  function pager(route, params, r) {
    const page = Number(params.page || 1);
    return h(
      'p',
      { class: 'pager' },
      h('span', { 'data-total': r.total }, label(`전체 ${r.total}건`, `${r.total} in all`)),
      r.previous ? h('a', { href: href(route, { ...params, page: r.previous }) }, '← 이전 · Previous') : null,
      r.next ? h('a', { href: href(route, { ...params, page: r.next }) }, '다음 · Next →') : null,
      ` (${page})`,
    );
  }

  // ---- routing: #/view/arg?filters ----

  const href = (route, params) => `#/${route}${qs(params || {})}`;
  const go = (route, params) => {
    location.hash = href(route, params);
  };
  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, query] = raw.split('?');
    const [name, ...rest] = (path || 'merchants').split('/');
    return {
      name: name || 'merchants',
      arg: rest.length ? decodeURIComponent(rest.join('/')) : undefined,
      params: Object.fromEntries(new URLSearchParams(query || '')),
    };
  }

  // ---- views ----

  async function merchantsView() {
    await loadMerchants();
    return [
      h('h2', {}, label('가맹점', 'Merchants')),
      h(
        'div',
        { class: 'cards' },
        merchants.map((m) =>
          h(
            'section',
            { class: 'card', 'data-merchant': m.id },
            h('h3', {}, m.name, ' ', m.fixture ? h('span', { class: 'status' }, '픽스처 · fixture') : null),
            fields([
              ['아이디', 'Id', code(m.id)],
              ['가맹점 식별코드', 'Merchant code', code(m.merchant_code)],
              ['REST API 키', 'imp_key', code(m.imp_key)],
              ['REST API 시크릿', 'imp_secret', code(m.imp_secret)],
              ['웹훅 URL', 'Webhook URL', code(m.webhook_url)],
              ['웹훅 형식', 'Webhook format', m.webhook_format],
            ]),
            h('h3', {}, label('채널', 'Channels')),
            table(m.channels, [
              ['PG', 'pg_provider', (c) => c.pg_provider],
              ['상점 아이디', 'pg_id', (c) => code(c.pg_id)],
              ['유형', 'type', (c) => (c.type === 'payment' ? '결제창 · payment' : '키인 API · api_payment')],
              ['채널 키', 'channel_key', (c) => code(c.channel_key)],
              ['채널 이름', 'Name', (c) => c.channel_name],
            ]),
            h(
              'p',
              {},
              h('a', { href: href('payments', { merchant: m.id }) }, label('결제 보기', 'Payments')),
              ' · ',
              h('a', { href: href('billing-keys', { merchant: m.id }) }, label('빌링키 보기', 'Billing keys')),
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger small',
                  'data-action': 'reset-merchant',
                  onclick: () => resetMerchant(m.id),
                },
                label('이 가맹점 초기화', 'Reset this merchant'),
              ),
            ),
          ),
        ),
      ),
    ];
  }

  async function billingKeysView(_arg, params) {
    const r = await api('GET', `/__sandbox/data/billing-keys${qs(params)}`);
    return [
      h('h2', {}, label('빌링키', 'Billing keys')),
      filterForm('billing-keys', params, [
        ['merchant', '가맹점', 'Merchant', merchantSelect('merchant', params.merchant)],
        ['customer_uid', '고객 UID', 'customer_uid'],
      ]),
      table(
        r.list,
        [
          ['가맹점', 'Merchant', (x) => merchantName(x.merchant_id)],
          ['고객 UID', 'customer_uid', (x) => code(x.customer.customer_uid)],
          ['카드', 'Card', (x) => [dash(x.customer.card_name), ' ', code(x.customer.card_number)]],
          ['고객명', 'Name', (x) => dash(x.customer.customer_name)],
          ['PG', 'PG', (x) => `${x.customer.pg_provider} · ${x.customer.pg_id}`],
          ['등록', 'Registered', (x) => when(x.customer.inserted)],
          [
            '결제',
            'Payments',
            (x) =>
              h(
                'a',
                { href: href('payments', { merchant: x.merchant_id, customer_uid: x.customer.customer_uid }) },
                '결제 보기 · Payments',
              ),
          ],
        ],
        (x) => ({ 'data-customer-uid': x.customer.customer_uid }),
      ),
      pager('billing-keys', params, r),
    ];
  }

  async function paymentsView(arg, params) {
    if (arg) return paymentDetail(arg);
    const r = await api('GET', `/__sandbox/data/payments${qs(params)}`);
    return [
      h('h2', {}, label('결제', 'Payments')),
      filterForm('payments', params, [
        ['merchant', '가맹점', 'Merchant', merchantSelect('merchant', params.merchant)],
        ['status', '상태', 'Status', statusSelect('status', ['ready', 'paid', 'cancelled', 'failed'], params.status)],
        ['customer_uid', '고객 UID', 'customer_uid'],
        ['merchant_uid', '주문번호', 'merchant_uid'],
      ]),
      table(
        r.list,
        [
          ['결제번호', 'imp_uid', (x) => h('a', { href: href(`payments/${x.payment.imp_uid}`) }, x.payment.imp_uid)],
          ['가맹점', 'Merchant', (x) => merchantName(x.merchant_id)],
          ['주문번호', 'merchant_uid', (x) => code(x.payment.merchant_uid)],
          ['주문명', 'Name', (x) => dash(x.payment.name)],
          ['구매자', 'Buyer', (x) => dash(x.payment.buyer_name)],
          ['금액', 'Amount', (x) => won(x.payment.amount), 'num'],
          ['취소액', 'Cancelled', (x) => (x.payment.cancel_amount ? won(x.payment.cancel_amount) : '—'), 'num'],
          ['수단', 'Method', (x) => x.payment.pay_method],
          ['상태', 'Status', (x) => status(x.payment.status)],
          ['시작', 'Started', (x) => when(x.payment.started_at)],
        ],
        (x) => ({ 'data-imp-uid': x.payment.imp_uid }),
      ),
      pager('payments', params, r),
    ];
  }

  async function paymentDetail(impUid) {
    const d = await api('GET', `/__sandbox/data/payments/${encodeURIComponent(impUid)}`);
    const p = d.payment;
    const isAccount = (p.pay_method === 'vbank' || p.pay_method === 'cvs') && p.status === 'ready';
    return [
      h('p', {}, h('a', { href: href('payments', { merchant: d.merchant_id }) }, '← 결제 목록 · Payments')),
      h('h2', {}, label('결제 상세', 'Payment'), ' ', h('code', {}, p.imp_uid), ' ', status(p.status)),
      fields([
        ['가맹점', 'Merchant', merchantName(d.merchant_id)],
        ['주문번호', 'merchant_uid', code(p.merchant_uid)],
        ['주문명', 'Name', p.name],
        ['금액', 'Amount', won(p.amount)],
        ['취소액', 'Cancelled amount', won(p.cancel_amount)],
        ['결제수단', 'Method', `${p.pay_method} · ${p.channel}`],
        ['PG', 'PG', `${p.pg_provider} · ${p.pg_id}`],
        ['PG 거래번호', 'pg_tid', code(p.pg_tid)],
        ['카드', 'Card', p.card_name ? [p.card_name, ' ', code(p.card_number)] : null],
        [
          '가상계좌',
          'Virtual account',
          p.vbank_num ? `${p.vbank_name || ''} ${p.vbank_num} (${p.vbank_holder || ''})` : null,
        ],
        ['입금기한', 'Due', p.vbank_date ? when(p.vbank_date) : null],
        ['구매자', 'Buyer', p.buyer_name],
        ['이메일', 'Email', p.buyer_email],
        ['전화', 'Phone', p.buyer_tel],
        ['고객 UID', 'customer_uid', code(p.customer_uid)],
        ['실패 사유', 'Fail reason', p.fail_reason],
      ]),
      isAccount ? depositForm(p) : null,
      h('h3', {}, label('취소 내역', 'Cancel history')),
      table(
        p.cancel_history,
        [
          ['취소번호', 'cancellation_id', (c) => code(c.cancellation_id)],
          ['금액', 'Amount', (c) => won(c.amount), 'num'],
          ['시각', 'At', (c) => when(c.cancelled_at)],
          ['사유', 'Reason', (c) => dash(c.reason)],
          ['PG 거래번호', 'pg_tid', (c) => code(c.pg_tid)],
        ],
        () => ({ 'data-cancel': '' }),
      ),
      h('h3', {}, label('타임라인', 'Timeline')),
      timeline(p, d.webhooks),
      h('details', {}, h('summary', {}, label('결제 객체', 'Payment object (JSON)')), json(p)),
    ];
  }

  /**
   * The payment's life and its webhooks, in time order (UNIX seconds on the sandbox clock). A fixed clock puts many
   * events in one second, so they are pushed in the order they happen (each webhook after the event it reports, each
   * attempt after its webhook) and the sort, which is stable, keeps that order within a second.
   */
  function timeline(p, webhooks) {
    const events = [];
    const ev = (t, cls, ...content) => events.push({ t, cls, content });
    const left = new Set(webhooks);
    const hooks = (match) => {
      for (const w of webhooks) {
        if (!left.has(w) || !match(w)) continue;
        left.delete(w);
        webhookEvents(ev, w);
      }
    };
    const about = (status) => (w) => w.payload.status === status && !w.payload.cancellation_id;
    if (p.started_at) ev(p.started_at, 'payment', label('결제 요청', 'Started'));
    if (p.vbank_issued_at)
      ev(p.vbank_issued_at, 'payment', label('가상계좌 발급', 'Account issued'), ' ', code(p.vbank_num));
    hooks(about('ready'));
    if (p.paid_at) ev(p.paid_at, 'payment', label('결제 완료', 'Paid'), ' ', won(p.amount));
    hooks(about('paid'));
    if (p.failed_at) ev(p.failed_at, 'payment', label('실패', 'Failed'), ' ', dash(p.fail_reason));
    hooks(about('failed'));
    for (const c of p.cancel_history) {
      ev(c.cancelled_at, 'cancel', label('취소', 'Cancelled'), ' ', won(c.amount), ' ', dash(c.reason));
      hooks((w) => w.payload.cancellation_id === c.cancellation_id);
    }
    hooks(() => true);
    events.sort((a, b) => a.t - b.t);
    return h(
      'ol',
      { class: 'timeline' },
      events.map((e) => h('li', { class: e.cls }, h('span', { class: 'when' }, when(e.t)), e.content)),
    );
  }
  function webhookEvents(ev, w) {
    ev(
      w.created_at,
      'webhook',
      label('웹훅', 'Webhook'),
      ` #${w.id} `,
      h('span', { class: 'event' }, status(w.payload.status)),
      ' → ',
      code(w.url),
      ' ',
      status(w.status),
      ' ',
      redeliverButton(w),
    );
    for (const a of w.attempts)
      ev(
        a.attempted_at,
        'webhook attempt',
        label('전송 시도', 'Attempt'),
        ` #${w.id}.${a.n} `,
        a.manual ? '(재전송 · manual) ' : '',
        a.status_code === null ? h('span', { class: 'error' }, dash(a.error)) : `HTTP ${a.status_code}`,
        ` · ${a.duration_ms} ms`,
      );
  }

  function depositForm(p) {
    const form = h(
      'form',
      { class: 'inline', id: 'deposit-form' },
      h(
        'label',
        {},
        h('span', {}, label('입금액', 'Amount')),
        h('input', { name: 'amount', type: 'number', value: p.amount }),
      ),
      h(
        'label',
        {},
        h('span', {}, label('입금자', 'Depositor')),
        h('input', { name: 'depositor_name', value: p.buyer_name || '' }),
      ),
      h('button', { type: 'submit', 'data-action': 'deposit' }, label('입금하기', 'Deposit')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = { amount: Number(f.get('amount')) };
      if (f.get('depositor_name')) body.depositor_name = f.get('depositor_name');
      act(
        () => api('POST', `/__sandbox/vbanks/${encodeURIComponent(p.imp_uid)}/deposit`, body),
        '입금했습니다 · Deposited',
      );
    });
    return [h('h3', {}, label('가상계좌 입금', 'Deposit into the account')), form];
  }

  function redeliverButton(w) {
    return h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'data-action': 'redeliver',
        'data-webhook': w.id,
        onclick: () =>
          act(
            () => api('POST', `/__sandbox/webhooks/${w.id}/redeliver`),
            (r) => {
              const a = r.attempts[r.attempts.length - 1];
              return `웹훅 #${w.id} 재전송 · Redelivered: ${a && a.status_code !== null ? `HTTP ${a.status_code}` : a ? a.error : ''}`;
            },
          ),
      },
      label('재전송', 'Redeliver'),
    );
  }

  async function schedulesView(_arg, params) {
    const r = await api('GET', `/__sandbox/data/schedules${qs(params)}`);
    return [
      h('h2', {}, label('예약결제', 'Schedules')),
      filterForm('schedules', params, [
        ['merchant', '가맹점', 'Merchant', merchantSelect('merchant', params.merchant)],
        ['status', '상태', 'Status', statusSelect('status', ['scheduled', 'executed', 'revoked'], params.status)],
        ['customer_uid', '고객 UID', 'customer_uid'],
        ['merchant_uid', '주문번호', 'merchant_uid'],
      ]),
      table(
        r.list,
        [
          ['가맹점', 'Merchant', (x) => merchantName(x.merchant_id)],
          ['주문번호', 'merchant_uid', (x) => code(x.schedule.merchant_uid)],
          ['고객 UID', 'customer_uid', (x) => code(x.schedule.customer_uid)],
          ['예약 시각', 'At', (x) => when(x.schedule.schedule_at)],
          ['금액', 'Amount', (x) => won(x.schedule.amount), 'num'],
          ['주문명', 'Name', (x) => dash(x.schedule.name)],
          ['예약 상태', 'Status', (x) => status(x.schedule.schedule_status)],
          ['결제', 'Payment', (x) => (x.schedule.payment_status ? status(x.schedule.payment_status) : '—')],
          [
            '결제번호',
            'imp_uid',
            (x) =>
              x.schedule.imp_uid ? h('a', { href: href(`payments/${x.schedule.imp_uid}`) }, x.schedule.imp_uid) : '—',
          ],
          ['실패 사유', 'Fail reason', (x) => dash(x.schedule.fail_reason)],
        ],
        (x) => ({ 'data-merchant-uid': x.schedule.merchant_uid }),
      ),
      pager('schedules', params, r),
    ];
  }

  async function webhooksView(_arg, params) {
    const r = await api('GET', `/__sandbox/data/webhooks${qs(params)}`);
    return [
      h('h2', {}, label('웹훅 전송', 'Webhook deliveries')),
      filterForm('webhooks', params, [
        ['merchant', '가맹점', 'Merchant', merchantSelect('merchant', params.merchant)],
        [
          'status',
          '전송 상태',
          'Delivery',
          statusSelect('status', ['pending', 'delivering', 'delivered', 'failed'], params.status),
        ],
        ['imp_uid', '결제번호', 'imp_uid'],
        ['merchant_uid', '주문번호', 'merchant_uid'],
      ]),
      table(
        r.list,
        [
          ['번호', 'Id', (w) => `#${w.id}`],
          ['가맹점', 'Merchant', (w) => merchantName(w.merchant_id)],
          ['결제번호', 'imp_uid', (w) => h('a', { href: href(`payments/${w.payload.imp_uid}`) }, w.payload.imp_uid)],
          ['주문번호', 'merchant_uid', (w) => code(w.payload.merchant_uid)],
          ['이벤트', 'Event', (w) => status(w.payload.status)],
          ['URL', 'URL', (w) => code(w.url)],
          ['전송 상태', 'Delivery', (w) => status(w.status)],
          ['시도', 'Attempts', (w) => lastAttempt(w)],
          ['생성', 'Created', (w) => when(w.created_at)],
          ['다음 시도', 'Next', (w) => (w.next_attempt_at === null ? '—' : when(w.next_attempt_at))],
          ['', '', (w) => redeliverButton(w)],
        ],
        (w) => ({ 'data-webhook': w.id }),
      ),
      pager('webhooks', params, r),
    ];
  }
  function lastAttempt(w) {
    const a = w.attempts[w.attempts.length - 1];
    if (!a) return '0';
    return [`${w.attempts.length} · `, a.status_code === null ? dash(a.error) : `HTTP ${a.status_code}`];
  }

  async function requestsView(_arg, params) {
    const q = { merchant: params.merchant, path: params.path, limit: 100 };
    const entries = await api('GET', `/__sandbox/requests${qs(q)}`);
    const list = h('div', { id: 'journal' }, journalTable(entries));
    // Live: a long poll for an entry newer than the newest shown. The journal's `since` is inclusive and a fixed clock
    // gives many entries the same ms, so it waits for one more than those already seen at that ms.
    live = new AbortController();
    const signal = live.signal;
    (async () => {
      let shown = entries;
      while (!signal.aborted) {
        const top = shown[0];
        const since = top ? top.at : 0;
        const count = top ? shown.filter((e) => e.at === since).length + 1 : 1;
        try {
          const t = token();
          const res = await fetch(
            `/__sandbox/requests/wait${qs({ ...q, limit: undefined, since, count, timeout_ms: 20000 })}`,
            {
              signal,
              headers: t ? { 'x-sandbox-admin-token': t } : {},
            },
          );
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          shown = await api('GET', `/__sandbox/requests${qs(q)}`);
          if (!signal.aborted) list.replaceChildren(journalTable(shown));
        } catch {
          if (signal.aborted) return;
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
    })();
    return [
      h(
        'h2',
        {},
        label('요청 기록', 'Request journal'),
        ' ',
        h('span', { class: 'status status-paid' }, '실시간 · live'),
      ),
      filterForm('requests', params, [
        ['merchant', '가맹점', 'Merchant', merchantSelect('merchant', params.merchant)],
        ['path', '경로', 'Path'],
      ]),
      list,
    ];
  }
  function journalTable(entries) {
    return table(
      entries,
      [
        ['시각', 'At', (e) => when(e.at, true)],
        ['메서드', 'Method', (e) => e.method],
        ['경로', 'Path', (e) => code(e.path)],
        ['상태', 'HTTP', (e) => dash(e.status)],
        ['코드', 'code', (e) => dash(e.code)],
        ['가맹점', 'Merchant', (e) => dash(e.merchant)],
        ['주문번호', 'merchant_uid', (e) => code(e.merchant_uid)],
        ['장애', 'Fault', (e) => (e.fault ? `${e.fault.type} (${e.fault.id})` : '—')],
        ['소요', 'ms', (e) => e.duration_ms, 'num'],
        [
          '본문',
          'Bodies',
          (e) =>
            h(
              'details',
              {},
              h('summary', {}, '요청/응답 · request/response'),
              json({ request: e.request_body, response: e.response_body }),
            ),
        ],
      ],
      (e) => ({ 'data-entry': e.id }),
    );
  }

  async function clockView() {
    const c = await api('GET', '/__sandbox/clock');
    const advance = h(
      'form',
      { class: 'inline', id: 'advance-form' },
      h(
        'label',
        {},
        h('span', {}, label('앞으로 (초)', 'Advance (seconds)')),
        h('input', { name: 'seconds', type: 'number', value: 3600 }),
      ),
      h(
        'label',
        {},
        h('span', {}, label('가맹점 시계', "Merchant's own clock")),
        merchantSelect('merchant', '', '샌드박스 시계 · Sandbox clock'),
      ),
      h('button', { type: 'submit', 'data-action': 'advance' }, label('이동', 'Move')),
    );
    advance.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(advance);
      const body = { advance_seconds: Number(f.get('seconds')) };
      if (f.get('merchant')) body.merchant = f.get('merchant');
      act(
        () => api('POST', '/__sandbox/clock', body),
        (r) => `시계 · Clock: ${r.now_iso}`,
      );
    });
    const set = h(
      'form',
      { class: 'inline', id: 'set-form' },
      h(
        'label',
        {},
        h('span', {}, label('시각 지정', 'Set to (ISO)')),
        h('input', { name: 'set', value: c.now_iso, size: 26 }),
      ),
      h('button', { type: 'submit', 'data-action': 'set-clock' }, label('지정', 'Set')),
    );
    set.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = String(new FormData(set).get('set'));
      act(
        () => api('POST', '/__sandbox/clock', { set: v }),
        (r) => `시계 · Clock: ${r.now_iso}`,
      );
    });
    const presets = [
      ['+1시간', '+1 hour', 3600],
      ['+1일', '+1 day', 86400],
      ['+30일', '+30 days', 30 * 86400],
    ].map(([ko, en, s]) =>
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-advance': s,
          onclick: () =>
            act(
              () => api('POST', '/__sandbox/clock', { advance_seconds: s }),
              (r) => `시계 · Clock: ${r.now_iso}`,
            ),
        },
        label(ko, en),
      ),
    );
    return [
      h('h2', {}, label('시계', 'Clock')),
      fields([
        ['지금', 'Now', h('code', { id: 'clock-iso' }, c.now_iso)],
        ['UNIX 초', 'UNIX seconds', code(c.now_seconds)],
        ['KST', 'KST', kst(c.now_seconds)],
        ['모드', 'Mode', c.mode],
      ]),
      h('p', {}, presets),
      advance,
      set,
      h(
        'p',
        { class: 'empty' },
        label(
          '시계를 옮기면 만기가 된 예약결제가 실행됩니다.',
          'Moving the clock runs the schedules that become due before it answers.',
        ),
      ),
    ];
  }

  /** The parameters of each fault effect the form offers: [name, kind, default or choices]. */
  const EFFECTS = {
    decline: [['fail_reason', 'text']],
    api_error: [
      ['code', 'number', 1],
      ['message', 'text', '샌드박스 장애 주입'],
    ],
    pg_error: [['message', 'text']],
    http_status: [
      ['status', 'select', [500, 502, 503, 429]],
      ['message', 'text'],
    ],
    delay: [['ms', 'number', 3000]],
    drop: [],
    hang: [],
    ambiguous: [
      ['then', 'select', ['http_status', 'drop', 'hang']],
      ['status', 'select', [500, 502, 503, 429]],
    ],
    webhook_duplicate: [],
    webhook_delay: [['seconds', 'number', 60]],
  };

  async function faultsView(_arg, params) {
    const rules = await api('GET', `/__sandbox/faults${qs({ merchant: params.merchant })}`);
    const effectSelect = h(
      'select',
      { name: 'type' },
      Object.keys(EFFECTS).map((k) => h('option', { value: k }, k)),
    );
    const paramBox = h('span', { class: 'inline' });
    const drawParams = () => {
      paramBox.replaceChildren(
        ...EFFECTS[effectSelect.value].map(([name, kind, dflt]) =>
          h(
            'label',
            {},
            h('span', {}, name),
            kind === 'select'
              ? h(
                  'select',
                  { name: `effect.${name}` },
                  dflt.map((v) => h('option', { value: v }, v)),
                )
              : h('input', { name: `effect.${name}`, type: kind, value: dflt === undefined ? '' : dflt }),
          ),
        ),
      );
    };
    effectSelect.addEventListener('change', drawParams);
    drawParams();
    const form = h(
      'form',
      { class: 'inline', id: 'fault-form' },
      h('label', {}, h('span', {}, label('효과', 'Effect')), effectSelect),
      paramBox,
      h('label', {}, h('span', {}, 'method'), h('input', { name: 'match.method', size: 6 })),
      h(
        'label',
        {},
        h('span', {}, 'path'),
        h('input', { name: 'match.path', placeholder: '/subscribe/payments/again' }),
      ),
      h('label', {}, h('span', {}, label('가맹점', 'Merchant')), merchantSelect('match.merchant', params.merchant)),
      h('label', {}, h('span', {}, 'customer_uid'), h('input', { name: 'match.customer_uid' })),
      h('label', {}, h('span', {}, 'merchant_uid'), h('input', { name: 'match.merchant_uid' })),
      h(
        'label',
        {},
        h('span', {}, label('횟수', 'Times')),
        h('input', { name: 'times', type: 'number', min: 1, value: 1, size: 4 }),
      ),
      h('label', {}, h('span', {}, label('계속', 'Permanent')), h('input', { name: 'permanent', type: 'checkbox' })),
      h('button', { type: 'submit', 'data-action': 'arm-fault' }, label('규칙 추가', 'Arm rule')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = { match: {}, effect: { type: effectSelect.value } };
      for (const [k, v] of new FormData(form)) {
        if (v === '' || k === 'type') continue;
        const [group, name] = k.split('.');
        const isNumber = form.querySelector(`[name="${k}"]`).type === 'number' || name === 'status';
        if (name) body[group][name] = isNumber ? Number(v) : v;
      }
      const permanent = new FormData(form).get('permanent') === 'on';
      if (permanent) body.permanent = true;
      else if (new FormData(form).get('times')) body.times = Number(new FormData(form).get('times'));
      act(
        () => api('POST', '/__sandbox/faults', body),
        (r) => `규칙 추가 · Armed: ${r.id}`,
      );
    });
    return [
      h('h2', {}, label('장애 규칙', 'Fault rules')),
      form,
      table(
        rules,
        [
          ['아이디', 'Id', (r) => code(r.id)],
          ['종류', 'Kind', (r) => r.kind],
          ['조건', 'Match', (r) => code(JSON.stringify(r.match))],
          ['효과', 'Effect', (r) => code(JSON.stringify(r.effect))],
          ['남은 횟수', 'Remaining', (r) => (r.permanent ? '∞' : r.remaining), 'num'],
          ['적용', 'Hits', (r) => r.hits, 'num'],
          [
            '',
            '',
            (r) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger small',
                  'data-action': 'remove-fault',
                  onclick: () =>
                    act(
                      () => api('DELETE', `/__sandbox/faults/${encodeURIComponent(r.id)}`),
                      `규칙 삭제 · Removed: ${r.id}`,
                    ),
                },
                label('삭제', 'Remove'),
              ),
          ],
        ],
        (r) => ({ 'data-fault': r.id }),
      ),
    ];
  }

  // ---- actions in the header ----

  function resetMerchant(id) {
    if (!confirm(`가맹점 ${id} 의 데이터를 초기화할까요? · Reset the data of merchant ${id}?`)) return;
    act(
      () => api('POST', '/__sandbox/reset', { merchant: id }),
      (r) => `초기화 · Reset ${r.merchant}: ${r.requests_removed} requests, ${r.faults_removed} faults removed`,
    );
  }
  $('#reset-all').addEventListener('click', () => {
    if (!confirm('샌드박스 전체를 초기화할까요? · Reset the whole sandbox?')) return;
    act(async () => {
      const r = await api('POST', '/__sandbox/reset');
      await loadMerchants();
      return r;
    }, '전체 초기화 완료 · Everything reset');
  });

  // ---- drawing ----

  const VIEWS = {
    merchants: merchantsView,
    'billing-keys': billingKeysView,
    payments: paymentsView,
    schedules: schedulesView,
    webhooks: webhooksView,
    requests: requestsView,
    clock: clockView,
    faults: faultsView,
  };

  let drawing = 0;
  async function render() {
    if (live) live.abort();
    live = null;
    const { name, arg, params } = parseHash();
    const fn = VIEWS[name] || merchantsView;
    for (const a of document.querySelectorAll('.tabs a')) a.classList.toggle('active', a.dataset.view === name);
    const n = ++drawing;
    view.setAttribute('aria-busy', 'true');
    try {
      const content = await fn(arg, params);
      if (n !== drawing) return; // a later navigation won
      view.replaceChildren(h('section', { 'data-view': name }, content));
    } catch (e) {
      if (e instanceof NeedToken || n !== drawing) return;
      view.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
    } finally {
      if (n === drawing) view.removeAttribute('aria-busy');
    }
  }

  async function start() {
    $('#forget-token').hidden = !token();
    try {
      await loadMerchants();
    } catch (e) {
      if (!(e instanceof NeedToken)) notice(e.message, true);
      return;
    }
    await refreshClock();
    await render();
  }

  window.addEventListener('hashchange', () => {
    clearNotice();
    render();
  });
  start();
})();
