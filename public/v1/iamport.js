/* iamport-sandbox: a drop-in fake of i'mport's browser SDK (cdn.iamport.kr/v1/iamport.js). It opens the sandbox's
 * payment window and hands back what the sandbox server decided; it decides nothing itself. Plain ES5, no build. */
window.IMP || (function (window, document) {
  'use strict';

  // Where this script came from: the window and its API live there, whatever origin the merchant page has.
  var SERVER = (function () {
    var el = document.currentScript;
    if (!el || !el.src) {
      var scripts = document.getElementsByTagName('script');
      for (var i = scripts.length - 1; i >= 0; i--) {
        if (/iamport(\.payment-[\d.]+)?(\.min)?\.js(\?|#|$)/.test(scripts[i].src)) { el = scripts[i]; break; }
      }
    }
    try { return new URL(el.src, location.href).origin; } catch (_e) { return location.origin; }
  })();

  // Exact legacy messages (sdk-v1.md §1).
  var MSG_NO_CODE = '판매자 코드가 설정되지 않았습니다. IMP.init()함수를 먼저 호출하세요.';
  var MSG_NO_PARAM = '결제요청 파라메터가 누락되었습니다.';
  var MSG_CRASH = '결제모듈 구동 중에 오류가 발생하였습니다. 페이지 새로고침 후 다시 시도해주세요.\n';

  // The legacy SDK decides "mobile" by User-Agent only (sdk-v1.md §4).
  function isMobile() {
    var ua = navigator.userAgent;
    return /\b(iPhone|iP[ao]d)/.test(ua) || /\b(iP[ao]d)/.test(ua) || /Android/i.test(ua) || /Mobile/i.test(ua);
  }

  var state = { code: null, tier: null, dialog: null, listener: null };

  function injectStyle() {
    if (document.getElementById('imp-sandbox-style')) return;
    var style = document.createElement('style');
    style.id = 'imp-sandbox-style';
    style.textContent =
      '.imp-dialog{position:fixed;top:0;right:0;bottom:0;left:0;width:100%;height:100%;z-index:99999;background:rgba(0,0,0,.5);margin:0;padding:0}' +
      '.imp-dialog .imp-frame{position:absolute;top:0;left:0;width:100%;height:100%;border:0;background:transparent}' +
      'body.imp-payment-progress>*:not(.imp-dialog){display:none}';
    (document.head || document.documentElement).appendChild(style);
  }

  // The end of an open window (payment or certification): its one 'done' message calls the callback, once.
  // Only our own window may answer (foreign postMessage traffic broke the real SDK: sdk-v1.md §3.1).
  function listenForDone(frame, from, callback) {
    var called = false;
    state.listener = function (event) {
      if (event.origin !== SERVER || event.source !== frame.contentWindow || typeof event.data !== 'string') return;
      var msg;
      try { msg = JSON.parse(event.data); } catch (_e) { return; }
      if (!msg || msg.from !== from || msg.action !== 'done' || !msg.data || called) return;
      called = true;
      removeDialog();
      if (typeof callback === 'function') {
        try { callback.call({}, msg.data); } catch (e) { if (window.console) console.error(e); }
      }
    };
    window.addEventListener('message', state.listener);
  }

  function removeDialog() {
    if (state.listener) window.removeEventListener('message', state.listener);
    if (state.dialog && state.dialog.parentNode) state.dialog.parentNode.removeChild(state.dialog);
    state.dialog = null;
    state.listener = null;
  }

  /** The window reads its request from the URL fragment (never sent to any server log). */
  function windowUrl(device, param) {
    var payload = { merchant: state.code, tier_code: state.tier, device: device, origin: location.origin, params: param };
    return SERVER + '/window/#' + encodeURIComponent(JSON.stringify(payload));
  }

  function prepare(param) {
    var p = {};
    for (var k in param) if (Object.prototype.hasOwnProperty.call(param, k)) p[k] = param[k];
    // SDK defaults (sdk-v1.md §2). No request_id: the sandbox window answers only its own opener.
    if (!p.merchant_uid) p.merchant_uid = 'nobody_' + Date.now();
    if (!p.pay_method) p.pay_method = 'card';
    // The window lives on the sandbox's origin, so a relative m_redirect_url is resolved against the merchant page.
    if (typeof p.m_redirect_url === 'string' && p.m_redirect_url) {
      try { p.m_redirect_url = new URL(p.m_redirect_url, location.href).href; } catch (_e) { /* left as given */ }
    }
    return p;
  }

  function requestPay(param, callback) {
    if (!state.code) { alert(MSG_NO_CODE); return; }
    if (!param) { alert(MSG_NO_PARAM); return false; }
    try {
      var p = prepare(param);
      if (isMobile()) {
        // The whole page goes to the window, which ends on m_redirect_url: the callback is not called (as the real SDK).
        injectStyle();
        if (document.body) document.body.classList.add('imp-payment-progress');
        location.href = windowUrl('mobile', p);
        return;
      }
      // A new request replaces one still open; the earlier callback is dropped (the legacy SDK keeps only the latest).
      removeDialog();
      injectStyle();
      var dialog = document.createElement('div');
      dialog.className = 'imp-dialog customizable pc payment-sandbox';
      var frame = document.createElement('iframe');
      frame.className = 'imp-frame imp-frame-pc imp-frame-default';
      frame.setAttribute('title', '결제창 (Payment window)');
      frame.setAttribute('allow', 'payment');
      frame.src = windowUrl('pc', p);
      dialog.appendChild(frame);
      document.body.appendChild(dialog);
      state.dialog = dialog;
      listenForDone(frame, 'iamport-sandbox-window', callback);
    } catch (e) {
      alert(MSG_CRASH + (e && (e.description || e.message)));
      removeDialog();
    }
  }

  /**
   * IMP.certification (본인인증): the sandbox's verification window, as request_pay opens the payment window. PC (and
   * mobile with popup: true) gets the overlay and the callback; mobile goes to the window and on to m_redirect_url.
   * The real SDK forces a popup on PC; the overlay keeps tests free of popup blockers.
   */
  function certification(param, callback) {
    if (!state.code) { alert(MSG_NO_CODE); return; }
    if (!param) { alert(MSG_NO_PARAM); return false; }
    try {
      var p = prepare(param);
      delete p.pay_method;
      var payload = { merchant: state.code, tier_code: state.tier, origin: location.origin, page: location.href, params: p };
      if (isMobile() && p.popup !== true) {
        injectStyle();
        if (document.body) document.body.classList.add('imp-payment-progress');
        payload.device = 'mobile';
        location.href = SERVER + '/certification/#' + encodeURIComponent(JSON.stringify(payload));
        return;
      }
      payload.device = 'pc';
      removeDialog();
      injectStyle();
      var dialog = document.createElement('div');
      dialog.className = 'imp-dialog customizable pc certification-sandbox';
      var frame = document.createElement('iframe');
      frame.className = 'imp-frame imp-frame-pc imp-frame-certification';
      frame.setAttribute('title', '본인인증 (Identity verification)');
      frame.src = SERVER + '/certification/#' + encodeURIComponent(JSON.stringify(payload));
      dialog.appendChild(frame);
      document.body.appendChild(dialog);
      state.dialog = dialog;
      listenForDone(frame, 'iamport-sandbox-certification', callback);
    } catch (e) {
      alert(MSG_CRASH + (e && (e.description || e.message)));
      removeDialog();
    }
  }

  var IMP = {
    version: '1.3.0-sandbox',
    sandbox: SERVER,
    init: function (code) {
      state.code = code;
      state.tier = null;
      if (window.console && !/^imp\d{8}$/.test(String(code))) console.warn('[iamport-sandbox] IMP.init: "' + code + '" does not look like a merchant code (imp + 8 digits)');
    },
    agency: function (code, tier) {
      state.code = code;
      state.tier = tier || null;
    },
    request_pay: requestPay,
    /** Closes the window without calling the callback (legacy 1.2.0). */
    close: function () {
      removeDialog();
      if (document.body) document.body.classList.remove('imp-payment-progress');
    },
    certification: certification
  };
  window.IMP = IMP;
})(window, document);
