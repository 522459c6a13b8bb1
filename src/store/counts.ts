// Counting a time window at any size (issue 12): payment_counts and schedule_counts (migration 6) hold how many rows
// fall in each bucket of 4096 seconds (`time >> 12`, a floor also for negative times). A window [from, to] is the sum
// of every bucket it touches, less the rows of its two edge buckets that lie outside it, counted on the index.
//
// Why the rows outside and not those inside: the rows inside an edge bucket can be all of them. A sandbox on a fixed
// clock stores every payment at the same second, in one bucket that the default window (the last 90 days, to now)
// ends in; a burst of payments in the last hour is the same in real time. Counted from the inside, a list's count cost
// every one of those rows (4.8 ms at 123,000 payments, on every page). The rows past a window's end are later than it,
// which for a window to now means none; the rows before its start are as old as the window is long. The cost is a few
// thousand bucket rows at most (90 days) and what two buckets hold beyond the window, whatever the table holds.

/** log2 of a bucket's width in seconds: the `>> 12` of migration 6's triggers. */
export const BUCKET_BITS = 12;
const WIDTH = 2 ** BUCKET_BITS;

/** Bounds of a window beyond any stored time (an open end of a window). */
export const NO_FROM = -(2 ** 52);
export const NO_TO = 2 ** 52;

/** The buckets b0..b1 that [from, to] touches, and where they start and end: [start, from) and (to, end) lie outside. */
export interface Split {
  b0: number;
  b1: number;
  start: number;
  end: number;
}

/** The buckets of [from, to] (inclusive integer bounds), or null for an empty window (count it on the index). */
export function split(from: number, to: number): Split | null {
  if (to < from) return null;
  const b0 = Math.floor(from / WIDTH);
  const b1 = Math.floor(to / WIDTH);
  return { b0, b1, start: b0 * WIDTH, end: (b1 + 1) * WIDTH };
}

/**
 * The SQL of a window's count in one statement, from the bucket table's sum (`@key`: a status or '*') less the edge
 * buckets' rows outside the window on `index`, `where` being the filter of the rows without the time bound and `col`
 * the time column; `upper` is the comparison of the window's end (schedules end before `to`, payments at it).
 */
export function windowCountSql(
  table: string,
  index: string,
  where: string,
  col: string,
  buckets: string,
  upper: '<=' | '<',
): string {
  const past = upper === '<=' ? '>' : '>=';
  return `SELECT (SELECT COALESCE(SUM(n), 0) FROM ${buckets}
      WHERE merchant_id = @merchantId AND status = @key AND bucket >= @b0 AND bucket <= @b1)
    - (SELECT COUNT(*) FROM ${table} INDEXED BY ${index} WHERE ${where} AND ${col} >= @start AND ${col} < @from)
    - (SELECT COUNT(*) FROM ${table} INDEXED BY ${index} WHERE ${where} AND ${col} ${past} @to AND ${col} < @end) AS n`;
}
