// The one source of identifiers. Seeded, so that with a fixed clock the same requests give the same bytes.
// Without a seed the sandbox seeds itself from crypto, so ids differ between runs as they do on the real gateway.

import { randomBytes } from 'node:crypto';

export interface Ids {
  /** `n` random decimal digits (the first may be 0). */
  digits(n: number): string;
  /** `n` random lowercase hex characters. */
  hex(n: number): string;
  /** An identifier `make()` that `taken` does not know yet; retries on collision (a seeded run over an old database). */
  unique(make: () => string, taken: (id: string) => boolean): string;
  /** The seed this source started from (shown by the control API so a run can be replayed). */
  readonly seed: string;
}

/** sfc32 seeded through a string hash: small, fast, good enough for identifiers (not for secrets). */
export function createIds(seed?: string): Ids {
  const s = seed ?? randomBytes(8).toString('hex');
  let h = 1779033703 ^ s.length;
  const state: number[] = [];
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  for (let i = 0; i < 4; i++) {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    state.push(h >>> 0);
  }
  let [a, b, c, d] = state as [number, number, number, number];
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const pick = (n: number, radix: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(next() * radix).toString(radix);
    return out;
  };
  return {
    seed: s,
    digits: (n) => pick(n, 10),
    hex: (n) => pick(n, 16),
    unique(make, taken) {
      for (;;) {
        const id = make();
        if (!taken(id)) return id;
      }
    },
  };
}
