/* iamport-sandbox verification window (IMP.certification): opens the request on the server, sends the identity form
 * ("send code"), then the code, or the cancel click, and hands the server's answer back (postMessage to the SDK on
 * PC, m_redirect_url on mobile). Every outcome is decided by the server (src/gateway/certification-window.ts); a form
 * error names its field in the X-Sandbox-Field header. */
(function () {
  'use strict';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var identityForm = $('identity-form');
  var otpForm = $('otp-form');
  var payload = null;
  var impUid = null;
  var finished = false;
  var people = [];
  var autopilot = null;
  var FIELDS = ['carrier', 'name', 'birth', 'gender_digit', 'phone'];
  var CARRIER_LABELS = {
    SKT: 'SKT',
    KT: 'KT',
    LGT: 'LG U+',
    SKT_MVNO: '알뜰폰 (SKT) · MVNO',
    KT_MVNO: '알뜰폰 (KT) · MVNO',
    LGT_MVNO: '알뜰폰 (LG U+) · MVNO',
  };
  var PG_LABELS = {
    danal: '다날 휴대폰 본인인증 (테스트) · Danal (test)',
    inicis_unified: 'KG이니시스 통합인증 (테스트) · KG Inicis (test)',
    inicis: 'KG이니시스 (테스트) · KG Inicis (test)',
  };

  function readPayload() {
    try {
      return JSON.parse(decodeURIComponent(location.hash.slice(1)));
    } catch (_e) {
      return null;
    }
  }

  function api(path, body) {
    return fetch('/certification/api/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().then(function (json) {
        return { status: res.status, body: json, field: res.headers.get('x-sandbox-field') };
      });
    });
  }

  function buttons() {
    return document.querySelectorAll('button');
  }

  function busy(on) {
    Array.prototype.forEach.call(buttons(), function (b) {
      b.disabled = on;
    });
    $('window').setAttribute('aria-busy', on ? 'true' : 'false');
  }

  /** The end: show it, then give the callback object to the opener, or go to m_redirect_url on mobile. */
  function finish(rsp, redirectUrl) {
    if (finished) return;
    finished = true;
    busy(false);
    identityForm.hidden = true;
    otpForm.hidden = true;
    $('age-note').hidden = true;
    var box = $('result');
    box.hidden = false;
    box.className = 'result ' + (rsp.success ? 'ok' : 'bad');
    $('result-title').textContent = rsp.success ? '본인인증 완료 · Verified' : '본인인증 실패 · Not verified';
    $('result-detail').textContent = rsp.success ? rsp.imp_uid || '' : rsp.error_msg || '';
    if (payload && payload.device === 'mobile') {
      if (redirectUrl) location.replace(redirectUrl);
      return;
    }
    if (window.parent !== window && payload && payload.origin) {
      window.parent.postMessage(
        JSON.stringify({ from: 'iamport-sandbox-certification', action: 'done', data: rsp }),
        payload.origin,
      );
    }
  }

  function showError(box, form, names, message, field) {
    $(box).textContent = message;
    names.forEach(function (name) {
      form.elements[name].removeAttribute('aria-invalid');
    });
    if (field && names.indexOf(field) >= 0) {
      form.elements[field].setAttribute('aria-invalid', 'true');
      form.elements[field].focus();
    }
  }
  var identityError = function (message, field) {
    showError('form-error', identityForm, FIELDS, message, field);
  };
  var otpError = function (message, field) {
    showError('otp-error', otpForm, ['otp'], message, field);
  };
  var unreachable = '샌드박스 서버에 연결할 수 없습니다. (Cannot reach the sandbox server.)';

  function step(path, body, onError, onOk) {
    if (!impUid || finished) return;
    busy(true);
    body.merchant = payload.merchant || '';
    api('requests/' + encodeURIComponent(impUid) + '/' + path, body).then(
      function (res) {
        if (res.body && res.body.code === 0) return onOk(res.body.response);
        busy(false);
        onError((res.body && res.body.message) || '오류가 발생했습니다. (Error)', res.field);
      },
      function () {
        busy(false);
        onError(unreachable);
      },
    );
  }

  function sendCode() {
    identityError('');
    var body = {};
    FIELDS.forEach(function (name) {
      body[name] = identityForm.elements[name].value;
    });
    step('otp', body, identityError, function (r) {
      if (r.done) return finish(r.done.rsp, r.done.redirect_url);
      busy(false);
      identityForm.hidden = true;
      otpForm.hidden = false;
      otpError('');
      $('otp-sent').textContent =
        r.phone_masked + ' 으로 인증번호를 보냈습니다. (Code sent to ' + r.phone_masked + '; valid for 3 minutes.)';
      otpForm.elements.otp.value = '';
      otpForm.elements.otp.focus();
      if (autopilot) {
        otpForm.elements.otp.value = autopilot.otp;
        setTimeout(function () {
          otpForm.querySelector('[data-action="confirm"]').click();
        }, 50);
      }
    });
  }

  function confirmCode() {
    otpError('');
    step('confirm', { otp: otpForm.elements.otp.value }, otpError, function (r) {
      finish(r.rsp, r.redirect_url);
    });
  }

  function cancel() {
    var onError = otpForm.hidden ? identityError : otpError;
    step('cancel', {}, onError, function (r) {
      finish(r.rsp, r.redirect_url);
    });
  }

  identityForm.addEventListener('submit', function (e) {
    e.preventDefault();
    sendCode();
  });
  otpForm.addEventListener('submit', function (e) {
    e.preventDefault();
    confirmCode();
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-action="cancel"]'), function (b) {
    b.addEventListener('click', cancel);
  });
  otpForm.querySelector('[data-action="back"]').addEventListener('click', function () {
    otpForm.hidden = true;
    identityForm.hidden = false;
    identityForm.elements.name.focus();
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !finished && impUid) cancel();
  });

  function fill(person) {
    identityForm.elements.name.value = person.name;
    identityForm.elements.phone.value = person.phone;
    identityForm.elements.birth.value = person.birth;
    identityForm.elements.gender_digit.value = person.gender_digit;
    identityForm.elements.carrier.value = person.carrier;
  }
  $('person').addEventListener('change', function (e) {
    var p = people[Number(e.target.value)];
    if (p) fill(p);
  });

  /** A pre-armed window (POST /__sandbox/window/autopilot) types the person and the code and presses the buttons. */
  function runAutopilot(plan) {
    autopilot = plan;
    fill(plan);
    setTimeout(function () {
      if (plan.action === 'cancel') identityForm.querySelector('[data-action="cancel"]').click();
      else identityForm.querySelector('[data-action="send"]').click();
    }, 50);
  }

  function open() {
    payload = readPayload();
    if (!payload || !payload.params) {
      $('merchant-name').textContent = '본인인증 요청이 없습니다 · No verification request';
      $('window').setAttribute('aria-busy', 'false');
      return;
    }
    api('requests', {
      merchant: payload.merchant || '',
      tier_code: payload.tier_code || null,
      device: payload.device || 'pc',
      page: payload.page || null,
      params: payload.params,
    }).then(
      function (res) {
        var r = res.body && res.body.response;
        if (!r) {
          $('merchant-name').textContent = (res.body && res.body.message) || 'Error';
          $('window').setAttribute('aria-busy', 'false');
          return;
        }
        if (!r.opened) return finish(r.rsp, r.redirect_url);
        impUid = r.imp_uid;
        $('merchant-name').textContent = r.company || r.merchant_name;
        $('pg-name').textContent = PG_LABELS[r.pg_provider] || r.pg_provider + ' (test)';
        if (r.min_age !== null) {
          $('age-note').hidden = false;
          $('age-note').textContent =
            '만 ' + r.min_age + '세 이상만 인증할 수 있습니다. (Only people aged ' + r.min_age + ' or over.)';
        }
        var select = identityForm.elements.carrier;
        r.carriers.forEach(function (c) {
          var opt = document.createElement('option');
          opt.value = c;
          opt.textContent = CARRIER_LABELS[c] || c;
          select.appendChild(opt);
        });
        people = r.people;
        people.forEach(function (p, i) {
          var opt = document.createElement('option');
          opt.value = String(i);
          opt.textContent = p.name + ' · ' + p.phone + (p.description ? ' · ' + p.description : '');
          $('person').appendChild(opt);
        });
        if (r.name) identityForm.elements.name.value = r.name;
        if (r.phone) identityForm.elements.phone.value = r.phone;
        identityForm.hidden = false;
        $('window').setAttribute('aria-busy', 'false');
        identityForm.elements.name.focus();
        if (r.autopilot) runAutopilot(r.autopilot);
      },
      function () {
        $('merchant-name').textContent = unreachable;
        $('window').setAttribute('aria-busy', 'false');
      },
    );
  }

  open();
})();
