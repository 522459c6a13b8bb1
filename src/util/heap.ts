// How the command line's process sizes V8's heap (issue 12, HEAP in config.ts). A sandbox is a long-lived process
// whose live heap stays small (about 31 MB after a collection with the journal full, at any size of the database), but
// with Node's defaults V8 commits far more around it, and the process keeps what it committed: an RSS of 250-280 MB
// after 100,000 requests of the soak's mixed flow. 'lean' changes two of V8's heuristics (docs/performance.md has the
// figures):
//
// - The old generation. With Node's defaults it grows to several times what survived its last full collection when
//   garbage comes fast (the journal's evicted entries, promoted before they die). --heap-growing-percent=10 lets it
//   grow by a tenth over what survived: about 40 MB committed instead of about 100.
// - The young generation. V8 doubles it, up to 2 x 16 MB, each time as many bytes have survived scavenges as it holds,
//   which a server's traffic always gets to. Its maximum can only be set on node's command line
//   (--max-semi-space-size), but the growth factor V8 reads each time it grows: 'lean' lets it grow as usual, and once
//   it has reached LEAN_YOUNG_MB sets the factor to 1 ("do not grow"), which caps it there. Half the default saves
//   16 MB; a quarter (2 x 4 MB, on the command line) cost 5-20% more CPU per request at 50 connections, the 1 MB start 15-30%.
//
// Both are V8 flags set after V8 has started. Node documents that as unsupported in general ("behavior is undefined");
// these are heuristics V8 reads again each time it uses them, which is why they take effect: test/heap.test.ts checks
// that they still do on the Node it runs on. A process that embeds the sandbox (createSandbox, buildApp) keeps its own
// settings: that process is not ours.

import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

export const HEAP_MODES = ['lean', 'node'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];

/** The V8 flags 'lean' sets at start. */
export const LEAN_V8_FLAGS = ['--heap-growing-percent=10'] as const;
/** The young generation's size (both semi-spaces) at which 'lean' stops its growth, MB: half of Node's 2 x 16. */
export const LEAN_YOUNG_MB = 16;

const MB = 1024 * 1024;

/** The young generation's committed size, bytes (V8's new space: both semi-spaces). */
export const youngGenerationBytes = (): number =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/**
 * Stop the young generation's growth once it holds `mb`: after each collection until then (a gc observer, which costs
 * nothing measurable at a few collections a second, and is gone once the cap is set), compare its size to the cap.
 * V8 grows it by doubling from 2 x 1 MB, so a power of two is met exactly.
 */
export function capYoungGeneration(mb: number): void {
  const check = () => {
    if (youngGenerationBytes() < mb * MB) return false;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (check()) return;
  const observer = new PerformanceObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Apply a heap mode to this process ('node' leaves V8 as Node started it). Once, at start-up. */
export function applyHeapMode(mode: HeapMode): void {
  if (mode !== 'lean') return;
  for (const f of LEAN_V8_FLAGS) v8.setFlagsFromString(f);
  capYoungGeneration(LEAN_YOUNG_MB);
}
