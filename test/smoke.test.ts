import t from 'tap';
import { makeSandbox } from './helpers.js';

t.test('a billing key issued by key-in can be charged with again', async (t) => {
  const s = await makeSandbox();
  t.teardown(s.close);
  const token = await s.token();
  const issue = await s.app.inject({ method: 'POST', url: '/subscribe/customers/cust_1', headers: { authorization: token }, payload: { card_number: '4111-1111-1111-1111', expiry: '2030-12', birth: '900101', pwd_2digit: '12' } });
  t.equal(issue.statusCode, 200);
  t.equal(issue.json().code, 0);
  t.equal(issue.json().response.card_number, '41111111****1111');
  const again = await s.app.inject({ method: 'POST', url: '/subscribe/payments/again', headers: { authorization: `Bearer ${token}` }, payload: { customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000, name: '월 구독' } });
  t.equal(again.statusCode, 200);
  const body = again.json();
  t.equal(body.code, 0);
  t.equal(body.message, null);
  t.equal(body.response.status, 'paid');
  t.match(body.response.imp_uid, /^imps_\d{12}$/);
  t.equal(body.response.customer_uid_usage, 'payment');
  t.equal(body.response.paid_at, Date.parse('2026-01-01T00:00:00Z') / 1000);
});
