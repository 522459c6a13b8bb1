// How the command line's process sizes V8's heap (issue 12, HEAP in config.ts). A sandbox is a long-lived process
// whose live heap stays small (23-30 MB after a collection with the journal full, at any size of the database), but
// with Node's defaults V8 lets the old generation grow to several times what survived its last full collection when
// garbage comes fast (the journal's evicted entries, promoted before they die), and the process keeps what it
// committed: an RSS of 250-280 MB after 100,000 requests of the soak's mixed flow. 'lean' lets the old generation grow
// by a tenth over what survived instead: about 40 MB committed instead of about 100, for no measurable cost on the hot
// paths (docs/performance.md has the figures).
//
// Not done: a smaller young generation (Node's grows to 2 x 16 MB). Its maximum can only be set on node's command line
// (--max-semi-space-size, which NODE_OPTIONS accepts); at run time, setting V8's growth factor to 1 once it has reached
// 2 x 8 MB (after start-up it is there already) does cap it, but that cost `again` 15-25% more CPU per answer at 50
// connections, and 30% together with the old generation's flag (more of each request's objects are promoted, and the
// old generation then fills sooner). The page cache (DB_CACHE_MB) and the journal's deflated long answers saved more
// (170 -> 144 MB after 1,000,000 soak requests) at no cost on those paths.
//
// This is a V8 flag set after V8 has started. Node documents that as unsupported in general ("behavior is undefined");
// this one is a heuristic V8 reads again each time it sets the next collection's limit, which is why it takes effect:
// test/heap.test.ts checks that it still does on the Node it runs on. A process that embeds the sandbox (createSandbox,
// buildApp) keeps its own settings: that process is not ours.

import v8 from 'node:v8';

export const HEAP_MODES = ['lean', 'node'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];

/** The V8 flags of 'lean'. */
export const LEAN_V8_FLAGS = ['--heap-growing-percent=10'] as const;

/** Apply a heap mode to this process ('node' leaves V8 as Node started it). Once, at start-up. */
export function applyHeapMode(mode: HeapMode): void {
  if (mode === 'lean') for (const f of LEAN_V8_FLAGS) v8.setFlagsFromString(f);
}
