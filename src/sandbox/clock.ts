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

/**
 * The sandbox clock and the merchants' own clocks (like Stripe's test clocks). A merchant has its own clock once a
 * test moves it (POST /__sandbox/clock with `merchant`): it starts at the sandbox clock's time, in the same mode, and
 * from then on only moves when that merchant's clock is moved; moving the sandbox clock no longer moves it. A reset of
 * the merchant (or of everything) drops it, and the merchant follows the sandbox clock again.
 */
export class Clocks {
  private own = new Map<string, Clock>();
  private listeners: ((merchantId: string | null) => void)[] = [];

  constructor(readonly root: Clock) {
    root.onChange(() => this.changed(null));
  }

  /** The clock a merchant lives by: its own, or the sandbox clock. */
  of(merchantId: string | null | undefined): Clock {
    return (merchantId ? this.own.get(merchantId) : undefined) ?? this.root;
  }

  hasOwn(merchantId: string): boolean {
    return this.own.has(merchantId);
  }

  /** Merchants that have their own clock. */
  owners(): string[] {
    return [...this.own.keys()];
  }

  /** The merchant's own clock, made from the sandbox clock's current time if it has none yet. */
  ownClock(merchantId: string): Clock {
    let c = this.own.get(merchantId);
    if (!c) {
      const start = this.root.now();
      c = createClock(this.root.mode, start);
      // A system-mode clock follows the wall clock from the sandbox clock's current offset.
      if (this.root.mode === 'system') c.set(start);
      c.onChange(() => this.changed(merchantId));
      this.own.set(merchantId, c);
    }
    return c;
  }

  /**
   * The earliest of the times `nextAt` gives (UNIX seconds, each on its merchant's clock) as a sandbox-clock time in
   * ms, for an Alarm: the merchants on their own clocks are asked apart (`{merchant}`), everyone else at once
   * (`{except}`), and each merchant's time is moved onto the sandbox clock by the gap between the two clocks.
   */
  earliest(nextAt: (scope: { merchant?: string; except?: string[] }) => number | undefined): number | undefined {
    const owners = this.owners();
    const first = nextAt(owners.length > 0 ? { except: owners } : {});
    let at = first === undefined ? undefined : first * 1000;
    const rootNow = this.root.now();
    for (const m of owners) {
      const own = nextAt({ merchant: m });
      if (own === undefined) continue;
      const onRoot = rootNow + (own * 1000 - this.of(m).now());
      if (at === undefined || onRoot < at) at = onRoot;
    }
    return at;
  }

  /** Back to the sandbox clock: one merchant's, or every merchant's. */
  drop(merchantId?: string): void {
    if (merchantId === undefined) this.own.clear();
    else this.own.delete(merchantId);
  }

  /** Called after every move: `null` for the sandbox clock, else the merchant whose own clock moved. */
  onChange(listener: (merchantId: string | null) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private changed(merchantId: string | null): void {
    for (const l of [...this.listeners]) l(merchantId);
  }
}

/** A view of `parts` whose `clock` is the merchant's: the same object when the merchant lives by the sandbox clock. */
export function onMerchantClock<T extends { clock: Clock; clocks: Clocks }>(parts: T, merchantId: string): T {
  const clock = parts.clocks.of(merchantId);
  return clock === parts.clock ? parts : { ...parts, clock };
}
