// waitFor: the long polls' primitive. Wall-time figures here are bounds with wide margins, never exact timings.

import t from 'tap';
import { waitFor } from '../src/sandbox/wait.js';

t.test('answers at once when the condition already holds', async (t) => {
  const r = await waitFor(
    () => 3,
    (n) => n === 3,
    { timeoutMs: 1000 },
  );
  t.equal(r.value, 3);
  t.equal(r.done, true);
  t.ok(r.waited_ms < 500);
});

t.test('answers as soon as the condition comes true, with the value it saw', async (t) => {
  let n = 0;
  const bump = setInterval(() => n++, 5);
  t.teardown(() => clearInterval(bump));
  const r = await waitFor(
    () => n,
    (v) => v >= 3,
    { timeoutMs: 5000, intervalMs: 2 },
  );
  t.equal(r.done, true);
  t.ok(r.value >= 3);
});

t.test('at the timeout it answers with the last look, done false', async (t) => {
  const r = await waitFor(
    () => 'pending',
    (v) => v === 'delivered',
    { timeoutMs: 30, intervalMs: 5 },
  );
  t.same([r.value, r.done], ['pending', false]);
  t.ok(r.waited_ms >= 25);
});

t.test('an abort ends the wait early with the last look', async (t) => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 10);
  const r = await waitFor(
    () => 0,
    (v) => v === 1,
    { timeoutMs: 10_000, signal: ac.signal },
  );
  t.same([r.value, r.done], [0, false]);
  t.ok(r.waited_ms < 5000);
});

t.test('an error in the probe rejects the wait', async (t) => {
  await t.rejects(
    waitFor(
      () => {
        throw new Error('database closed');
      },
      () => true,
      { timeoutMs: 100 },
    ),
    { message: 'database closed' },
  );
});
