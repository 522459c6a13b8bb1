// The shared test cards (test/helpers.ts) are the fixture table's cards, with the behaviour their names promise.

import path from 'node:path';
import t from 'tap';
import { packageRoot } from '../src/config.js';
import { loadCardRules } from '../src/store/fixtures.js';
import { CARD, CARDS, WINDOW_CARD } from './helpers.js';

const rules = new Map(loadCardRules(path.join(packageRoot, 'fixtures')).map((r) => [r.number, r]));
const rule = (typed: string) => rules.get(typed.replace(/-/g, ''));

t.test('every named test card is in fixtures/cards.json and does what its name says', async (t) => {
  const expect: Record<keyof typeof CARDS, [issue: string, charge: string]> = {
    approve: ['approve', 'approve'],
    decline: ['approve', 'decline'],
    insufficient: ['approve', 'decline'],
    suspended: ['approve', 'decline'],
    pgError: ['approve', 'error'],
    refuse: ['refuse', 'approve'],
    master: ['approve', 'approve'],
    check: ['approve', 'approve'],
  };
  for (const [name, number] of Object.entries(CARDS) as [keyof typeof CARDS, string][]) {
    const r = rule(number);
    t.ok(r, `${name} (${number}) is a fixture card`);
    t.same([r?.issue.result, r?.charge.result], expect[name], name);
  }
  t.equal(rule(CARDS.check)?.card_type, 1, 'the check card is a check card');
  t.equal(rule(CARDS.master)?.card_type, 0, 'the Mastercard-style card is a credit card');
});

t.test('the REST and window shapes of the default card differ only in the expiry format', async (t) => {
  t.same(CARD, { card_number: '4111-1111-1111-1111', expiry: '2030-12', birth: '900101', pwd_2digit: '12' });
  t.same(WINDOW_CARD, { ...CARD, expiry: '12/30' });
});
