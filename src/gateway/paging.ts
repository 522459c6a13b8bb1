// The real lists' paging: `page` from 1, `limit` per page, `previous`/`next` page numbers (0 when there is none),
// and a page beyond the last one refused with 400.

import { badRequest } from '../http/errors.js';
import { MSG } from '../http/messages.js';

export interface Paging {
  page: number;
  limit: number;
}

/** One page of `all`, or 400 when the page lies beyond the last one (an empty list has one, empty, page). */
export function pageOf<T>(all: T[], q: Paging) {
  const total = all.length;
  const pages = Math.max(1, Math.ceil(total / q.limit));
  if (q.page > pages) throw badRequest(MSG.pageOutOfRange);
  return {
    total,
    previous: q.page > 1 ? q.page - 1 : 0,
    next: q.page < pages ? q.page + 1 : 0,
    list: all.slice((q.page - 1) * q.limit, q.page * q.limit),
  };
}
