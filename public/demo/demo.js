/* iamport-sandbox demo merchant: step 1 calls IMP.request_pay for a KICC billing key, step 2 asks the demo's own
 * server route (/demo/api/charge) to charge it with getToken + /subscribe/payments/again, showing each JSON. */
(function () {
  'use strict';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var show = function (el, value) {
    el.textContent = JSON.stringify(value, null, 2);
  };

  IMP.init('imp19424728');

  $('register').addEventListener('click', function () {
    var customerUid = $('customer_uid').value;
    IMP.request_pay(
      {
        pg: 'kicc',
        pay_method: 'card',
        merchant_uid: 'issue_' + Date.now(),
        name: '최초인증결제',
        amount: 0,
        customer_uid: customerUid,
        buyer_email: 'demo@example.com',
        buyer_name: '홍길동',
        buyer_tel: '010-1234-5678',
        m_redirect_url: location.href,
      },
      function (rsp) {
        show($('register-out'), rsp);
      },
    );
  });

  // On mobile the window came back here with the result in the query string.
  if (/[?&]imp_uid=/.test(location.search)) {
    var q = {};
    new URLSearchParams(location.search).forEach(function (v, k) {
      q[k] = v;
    });
    show($('register-out'), q);
  }

  $('charge').addEventListener('click', function () {
    var out = $('charge-out');
    out.textContent = '...';
    fetch('/demo/api/charge', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_uid: $('customer_uid').value, amount: Number($('amount').value) }),
    })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        out.textContent = '';
        var steps = (body.response && body.response.steps) || [body];
        steps.forEach(function (step, i) {
          var h = document.createElement('h3');
          h.textContent = i + 1 + '. ' + (step.request ? step.request.method + ' ' + step.request.url : 'error');
          var pre = document.createElement('pre');
          show(pre, step);
          out.appendChild(h);
          out.appendChild(pre);
        });
      });
  });
})();
