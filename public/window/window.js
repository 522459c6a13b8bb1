/* iamport-sandbox payment window: opens the request on the server, shows the order, sends the card form or the
 * cancel click, and hands the server's answer back (postMessage to the SDK on PC, m_redirect_url on mobile).
 * Every outcome is decided by the server (src/gateway/window*.ts); a form error names its field in a header. */
(function () {
  'use strict';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var form = $('card-form');
  var submitBtn = form.querySelector('[data-action="submit"]');
  var cancelBtn = form.querySelector('[data-action="cancel"]');
  var payload = null;
  var requestId = null;
  var finished = false;
  // A virtual-account window (the server sent a bank list): a bank choice instead of the card form.
  var vbank = false;
  var FIELDS = ['card_number', 'expiry', 'birth', 'pwd_2digit', 'vbank_code'];

  function readPayload() {
    try {
      return JSON.parse(decodeURIComponent(location.hash.slice(1)));
    } catch (_e) {
      return null;
    }
  }

  function api(path, body) {
    return fetch('/window/api/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().then(function (json) {
        // A form error names its field in X-Sandbox-Field (the envelope itself stays the API's).
        return { status: res.status, body: json, field: res.headers.get('x-sandbox-field') };
      });
    });
  }

  function busy(on) {
    submitBtn.disabled = on;
    cancelBtn.disabled = on;
    $('window').setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function money(amount, currency) {
    var n = Number(amount).toLocaleString('ko-KR');
    return currency && currency !== 'KRW' ? n + ' ' + currency : n + '원';
  }

  /** The end: show it, then give the callback object to the opener, or go to m_redirect_url on mobile. */
  function finish(rsp, redirectUrl) {
    if (finished) return;
    finished = true;
    busy(false);
    form.hidden = true;
    var box = $('result');
    box.hidden = false;
    box.className = 'result ' + (rsp.success ? 'ok' : 'bad');
    $('result-title').textContent = rsp.success ? '완료되었습니다 · Done' : '결제되지 않았습니다 · Not completed';
    $('result-detail').textContent = !rsp.success
      ? rsp.error_msg || ''
      : rsp.vbank_num
        ? rsp.vbank_name +
          ' ' +
          rsp.vbank_num +
          ' · ' +
          (rsp.vbank_holder || '') +
          ' · ' +
          money(rsp.paid_amount, rsp.currency) +
          ' · ~' +
          new Date(rsp.vbank_date * 1000).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' })
        : rsp.imp_uid || '';
    $('window').setAttribute('aria-busy', 'false');
    if (payload && payload.device === 'mobile') {
      if (redirectUrl) location.replace(redirectUrl);
      return;
    }
    if (window.parent !== window && payload && payload.origin) {
      window.parent.postMessage(
        JSON.stringify({ from: 'iamport-sandbox-window', action: 'done', data: rsp }),
        payload.origin,
      );
    }
  }

  function showError(message, field) {
    $('form-error').textContent = message;
    FIELDS.forEach(function (name) {
      form.elements[name].removeAttribute('aria-invalid');
    });
    if (field) {
      form.elements[field].setAttribute('aria-invalid', 'true');
      form.elements[field].focus();
    }
  }

  function submit() {
    if (!requestId || finished) return;
    busy(true);
    showError('');
    var body = vbank
      ? { vbank_code: form.elements.vbank_code.value }
      : {
          card_number: form.elements.card_number.value,
          expiry: form.elements.expiry.value,
          birth: form.elements.birth.value,
          pwd_2digit: form.elements.pwd_2digit.value,
        };
    api('requests/' + encodeURIComponent(requestId) + '/submit', body).then(
      function (res) {
        if (res.body && res.body.code === 0) return finish(res.body.response.rsp, res.body.response.redirect_url);
        busy(false);
        var field = FIELDS.indexOf(res.field) >= 0 ? res.field : null;
        showError((res.body && res.body.message) || '오류가 발생했습니다. (Error)', field);
      },
      function () {
        busy(false);
        showError('샌드박스 서버에 연결할 수 없습니다. (Cannot reach the sandbox server.)');
      },
    );
  }

  function cancel() {
    if (!requestId || finished) return;
    busy(true);
    api('requests/' + encodeURIComponent(requestId) + '/cancel').then(
      function (res) {
        if (res.body && res.body.code === 0) return finish(res.body.response.rsp, res.body.response.redirect_url);
        busy(false);
        showError((res.body && res.body.message) || '오류가 발생했습니다. (Error)');
      },
      function () {
        busy(false);
        showError('샌드박스 서버에 연결할 수 없습니다. (Cannot reach the sandbox server.)');
      },
    );
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    submit();
  });
  cancelBtn.addEventListener('click', cancel);
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !form.hidden) cancel();
  });

  /** A pre-armed window (POST /__sandbox/window/autopilot) types the card and presses the button itself. */
  function runAutopilot(plan) {
    if (plan.vbank_code !== undefined) form.elements.vbank_code.value = plan.vbank_code;
    else
      ['card_number', 'expiry', 'birth', 'pwd_2digit'].forEach(function (name) {
        form.elements[name].value = plan[name];
      });
    setTimeout(function () {
      if (plan.action === 'cancel') cancelBtn.click();
      else submitBtn.click();
    }, 50);
  }

  function open() {
    payload = readPayload();
    if (!payload || !payload.params) {
      $('merchant-name').textContent = '결제 요청이 없습니다 · No payment request';
      $('window').setAttribute('aria-busy', 'false');
      return;
    }
    api('requests', {
      merchant: payload.merchant || '',
      tier_code: payload.tier_code || null,
      device: payload.device || 'pc',
      params: payload.params,
    }).then(
      function (res) {
        var r = res.body && res.body.response;
        if (!r) {
          $('merchant-name').textContent = (res.body && res.body.message) || 'Error';
          return;
        }
        if (!r.opened) return finish(r.rsp, r.redirect_url);
        requestId = r.id;
        $('merchant-name').textContent = r.merchant_name;
        $('pg-name').textContent =
          r.pg_provider === 'kicc' ? 'KICC 이지페이 (테스트) · KICC EasyPay (test)' : r.pg_provider + ' (test)';
        $('order-name').textContent = r.name || '-';
        $('amount').textContent = money(r.amount, r.currency);
        $('billing-note').hidden = !r.billing;
        if (r.billing) {
          $('submit-label').textContent = '카드 등록';
          $('submit-label-en').textContent = 'Register card';
        }
        if (r.banks) {
          vbank = true;
          var select = form.elements.vbank_code;
          r.banks.forEach(function (b) {
            var opt = document.createElement('option');
            opt.value = b.code;
            opt.textContent = b.name + ' · ' + b.name_en;
            select.appendChild(opt);
          });
          $('card-fields').hidden = true;
          $('vbank-fields').hidden = false;
          $('submit-label').textContent = '가상계좌 발급';
          $('submit-label-en').textContent = 'Issue account';
        }
        $('order').hidden = false;
        form.hidden = false;
        $('window').setAttribute('aria-busy', 'false');
        (vbank ? form.elements.vbank_code : form.elements.card_number).focus();
        if (r.autopilot) runAutopilot(r.autopilot);
      },
      function () {
        $('merchant-name').textContent = '샌드박스 서버에 연결할 수 없습니다 · Cannot reach the sandbox server';
      },
    );
  }

  open();
})();
