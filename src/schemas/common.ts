// Wire shapes shared by every area: the {code, message, response} envelope, paged lists, query helpers.

import { z } from 'zod';

/** The envelope around every response. `response` is null on errors (code ≠ 0). */
export function envelope<T extends z.ZodType>(response: T) {
  return z.object({ code: z.number().int(), message: z.string().nullable(), response: response.nullable() });
}

export const ErrorEnvelopeSchema = envelope(z.null());

/** Paged list: previous/next are page numbers, 0 when there is none. */
export function paged<T extends z.ZodType>(item: T) {
  return z.object({ total: z.number().int(), previous: z.number().int(), next: z.number().int(), list: z.array(item) });
}

/** A query parameter that may come as `x[]=a&x[]=b`, `x=a&x=b` or once: always an array of strings. */
export const queryArray = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

/** Numbers arrive as strings in form bodies and queries. */
export const num = z.coerce.number();
export const int = z.coerce.number().int();

/** Booleans arrive as "true"/"false"/"1"/"0" strings in form bodies and queries. */
export const bool = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean(),
);

/** page (from 1) and limit (default 20, max 1000), as the real lists take them. */
export const PagingQuery = z.object({
  page: int.min(1).default(1),
  limit: int.min(1).max(1000).default(20),
});
