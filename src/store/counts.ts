// Counting a time window at any size (issue 12): payment_counts and schedule_counts (migration 6) hold how many rows
// fall in each bucket of 4096 seconds (`time >> 12`, a floor also for negative times); a window [from, to] is the sum
// of the buckets wholly inside it plus index counts of what it holds of its two edge buckets. The cost is a few
// thousand bucket rows at most (90 days) and two buckets' worth of index entries, whatever the table holds.

/** log2 of a bucket's width in seconds: the `>> 12` of migration 6's triggers. */
export const BUCKET_BITS = 12;
const WIDTH = 2 ** BUCKET_BITS;

/** Bounds of a window beyond any stored time (an open end of a window). */
export const NO_FROM = -(2 ** 52);
export const NO_TO = 2 ** 52;

/** How [from, to] (inclusive) splits: buckets b0 < b < b1 are whole; [from, lo) and [hi, to] are counted on the index. */
export interface Split {
  b0: number;
  b1: number;
  lo: number;
  hi: number;
}

/** The split of [from, to] (inclusive integer bounds), or null when it lies in one bucket (count it on the index). */
export function split(from: number, to: number): Split | null {
  const b0 = Math.floor(from / WIDTH);
  const b1 = Math.floor(to / WIDTH);
  if (b1 <= b0) return null;
  return { b0, b1, lo: (b0 + 1) * WIDTH, hi: b1 * WIDTH };
}

/**
 * The SQL of a window's count in one statement, from the bucket table's sum (`@key`: a status or '*') and the two
 * edge counts on `index`, `where` being the filter of the rows without the time bound and `col` the time column;
 * `upper` is the comparison of the window's end (schedules end before `to`, payments at it).
 */
export function windowCountSql(
  table: string,
  index: string,
  where: string,
  col: string,
  buckets: string,
  upper: '<=' | '<',
): string {
  return `SELECT (SELECT COALESCE(SUM(n), 0) FROM ${buckets}
      WHERE merchant_id = @merchantId AND status = @key AND bucket > @b0 AND bucket < @b1)
    + (SELECT COUNT(*) FROM ${table} INDEXED BY ${index} WHERE ${where} AND ${col} >= @from AND ${col} < @lo)
    + (SELECT COUNT(*) FROM ${table} INDEXED BY ${index} WHERE ${where} AND ${col} >= @hi AND ${col} ${upper} @to) AS n`;
}
