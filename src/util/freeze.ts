// Deep freezing, for objects shared between requests (store/payments.ts getShared): a frozen object cannot change
// under a reader, so what was computed from it once (its checked answer text, http/serializer.ts) stays true.

/** Freeze `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
