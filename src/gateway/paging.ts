// The real lists' paging: `page` from 1, `limit` per page, `previous`/`next` page numbers (0 when there is none),
// and a page beyond the last one refused with 400.

import { badRequest } from '../http/errors.js';
import { MSG } from '../http/messages.js';

export interface Paging {
  page: number;
  limit: number;
}

export interface Page<T> {
  total: number;
  previous: number;
  next: number;
  list: T[];
}

/**
 * One page of a list of `total` items, whose rows `fetch` reads (from `offset`, at most `limit`): only that page is
 * read, and only once the page is known to exist. 400 when the page lies beyond the last one (an empty list has one,
 * empty, page).
 */
export function pageIn<T>(total: number, q: Paging, fetch: (offset: number, limit: number) => T[]): Page<T> {
  const pages = Math.max(1, Math.ceil(total / q.limit));
  if (q.page > pages) throw badRequest(MSG.pageOutOfRange);
  return {
    total,
    previous: q.page > 1 ? q.page - 1 : 0,
    next: q.page < pages ? q.page + 1 : 0,
    list: total === 0 ? [] : fetch((q.page - 1) * q.limit, q.limit),
  };
}

/** One page of `all` (a list already in memory), as `pageIn`. */
export function pageOf<T>(all: T[], q: Paging): Page<T> {
  return pageIn(all.length, q, (offset, limit) => all.slice(offset, offset + limit));
}
