// Waiting for something to become true, for the control API's long polls (webhooks delivered, schedules run, journal
// entries arrived): look now, then again every few milliseconds, until it holds, the time is up, or the wait is
// abandoned (the client went away, the app is closing). Polling keeps it independent of who makes the change (this
// process, a timer, another process on the same database file).

import { performance } from 'node:perf_hooks';

export interface WaitOptions {
  /** Give up after this many milliseconds of wall time (not the sandbox clock: a fixed clock never moves by itself). */
  timeoutMs: number;
  /** How often to look again. */
  intervalMs?: number;
  /** Abandon the wait (the answer is then the last look, as at a timeout). */
  signal?: AbortSignal;
}

export interface WaitResult<T> {
  /** What the last look saw. */
  value: T;
  /** True when the condition held; false at the timeout or when abandoned. */
  done: boolean;
  /** Wall time waited, ms. */
  waited_ms: number;
}

/** Look with `probe` until `holds(value)`; resolve with the last value either way. Never rejects for a timeout. */
export function waitFor<T>(probe: () => T, holds: (value: T) => boolean, opts: WaitOptions): Promise<WaitResult<T>> {
  const started = performance.now();
  const interval = Math.max(1, opts.intervalMs ?? 10);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (value: T, done: boolean) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ value, done, waited_ms: Math.round(performance.now() - started) });
    };
    const look = () => {
      let value: T;
      try {
        value = probe();
      } catch (e) {
        opts.signal?.removeEventListener('abort', onAbort);
        reject(e);
        return;
      }
      if (holds(value)) return finish(value, true);
      if (opts.signal?.aborted || performance.now() - started >= opts.timeoutMs) return finish(value, false);
      timer = setTimeout(look, Math.min(interval, Math.max(0, opts.timeoutMs - (performance.now() - started))));
    };
    const onAbort = () => {
      if (timer) clearTimeout(timer);
      look();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    look();
  });
}
