// The child process of heap.test.ts: applies a heap mode as the command does, then keeps a ring of 20,000 entries of
// about 1 KB and replaces them 400,000 times (as the journal does: entries live long enough to be promoted, then die
// in the old generation), letting the event loop turn every 1,000 (as a server does between requests: V8 reports its
// collections to observers there). Prints the young generation's size when the mode was applied, and the largest
// committed old and young generations it saw, MB, as JSON.
import v8 from 'node:v8';
import { applyHeapMode, type HeapMode, youngGenerationBytes } from '../src/util/heap.js';

const start = youngGenerationBytes() / 1048576;
applyHeapMode(process.argv[2] as HeapMode);
const oldBytes = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_size ?? 0;
const ring: unknown[] = new Array(20_000);
let old = 0;
let young = 0;
for (let i = 0; i < 400_000; i++) {
  ring[i % 20_000] = { i, text: String(i).padEnd(1000, 'x'), parts: [i, i + 1, { at: i }] };
  if (i % 500 === 0) {
    old = Math.max(old, oldBytes());
    young = Math.max(young, youngGenerationBytes());
  }
  if (i % 1000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
}
process.stdout.write(JSON.stringify({ start, old: old / 1048576, young: young / 1048576 }));
