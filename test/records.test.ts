// The records store of the smaller V1 areas: one JSON object per (merchant, kind, key), reset with the merchant.

import t from 'tap';
import { build } from './helpers.js';

t.test('put, get, replace, list and remove, per merchant and kind; a merchant reset empties them', async (t) => {
  const s = await build(t);
  const r = s.sb.store.records;
  r.put('default', 'receipt', 'imp_1', { amount: 1000 }, 10);
  r.put('default', 'receipt', 'imp_2', { amount: 2000 }, 11);
  r.put('default', 'escrow_logis', 'imp_1', { company: 'CJ' }, 12);
  r.put('kicc-only', 'receipt', 'imp_1', { amount: 3 }, 13);
  t.same(r.get('default', 'receipt', 'imp_1'), { amount: 1000 });
  t.same(r.get('default', 'escrow_logis', 'imp_1'), { company: 'CJ' });
  t.equal(r.get('default', 'receipt', 'imp_3'), undefined);
  r.put('default', 'receipt', 'imp_1', { amount: 1500 }, 99);
  t.same(r.list('default', 'receipt'), [{ amount: 1500 }, { amount: 2000 }], 'a replace keeps the first created_at');
  t.equal(r.remove('default', 'receipt', 'imp_2'), true);
  t.equal(r.remove('default', 'receipt', 'imp_2'), false);
  s.sb.reset('default');
  t.same(r.list('default', 'receipt'), []);
  t.same(r.list('kicc-only', 'receipt'), [{ amount: 3 }], "another merchant's records stay");
});
