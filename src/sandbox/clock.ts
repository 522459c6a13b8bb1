// The one source of time. Nothing else in the sandbox reads Date.now(): a fixed clock makes runs repeatable,
// and moving the clock (control API) is how tests reach token expiry and scheduled payments.

export type ClockListener = (nowMs: number) => void;

export interface Clock {
  /** Current time in milliseconds since the epoch. */
  now(): number;
  /** Current time in whole UNIX seconds: the unit of every timestamp on the wire. */
  nowSeconds(): number;
  /** 'system' follows the wall clock (plus any offset from set/advance); 'fixed' only moves when told to. */
  readonly mode: 'system' | 'fixed';
  /** Jump to an absolute time. */
  set(ms: number): void;
  /** Move forward (or back, if negative). */
  advance(ms: number): void;
  /** Called after every set/advance, in registration order (schedules run here). */
  onChange(listener: ClockListener): () => void;
  /**
   * Run `fn` synchronously as if the time were `ms` (never later than now). When one clock move passes several
   * schedules, each is charged at its own schedule_at, as the real gateway would have done on time.
   */
  at<T>(ms: number, fn: () => T): T;
}

/** A clock that starts at `startMs` and never moves by itself ("fixed" mode), or the wall clock plus an offset. */
export function createClock(mode: 'system' | 'fixed', startMs?: number, wall: () => number = Date.now): Clock {
  let offset = 0;
  let fixed = startMs ?? wall();
  const listeners: ClockListener[] = [];
  let pinned: number | null = null;
  const base = () => (mode === 'fixed' ? fixed : wall() + offset);
  const now = () => pinned ?? base();
  const changed = () => {
    const t = now();
    for (const l of [...listeners]) l(t);
  };
  return {
    mode,
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    set(ms) {
      if (mode === 'fixed') fixed = ms;
      else offset = ms - wall();
      changed();
    },
    advance(ms) {
      if (mode === 'fixed') fixed += ms;
      else offset += ms;
      changed();
    },
    at(ms, fn) {
      const outer = pinned;
      pinned = Math.min(ms, now());
      try {
        return fn();
      } finally {
        pinned = outer;
      }
    },
    onChange(listener) {
      listeners.push(listener);
      return () => {
        const i = listeners.indexOf(listener);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
}

/**
 * One wake-up on the sandbox clock, for the parts that act when a time comes (webhook retries, scheduled payments).
 * With the system clock it is a real timer set for that sandbox time; a fixed clock never moves by itself, so there
 * is nothing to wait for: those parts act on the clock's onChange instead.
 */
export class Alarm {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private clock: Clock,
    private fire: () => void,
  ) {}

  /** Wake at `atMs` (sandbox ms; at once when it has passed), replacing any earlier wake-up. */
  set(atMs: number | undefined): void {
    this.clear();
    if (this.clock.mode !== 'system' || atMs === undefined) return;
    const delay = Math.min(Math.max(atMs - this.clock.now(), 0), 2 ** 31 - 1);
    this.timer = setTimeout(this.fire, delay);
    this.timer.unref();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
