// The response serializer: every answer is checked against its route's zod schema, then written as JSON.
//
// Why not fastify-type-provider-zod's serializerCompiler: it checks with z.safeEncode, and zod runs its compiled fast
// path for objects only in the parse direction, so the 54-field payment cost about four times as much per answer as
// safeParse (test/bench/run.ts). The two directions differ only for codecs and transforms, which no response schema
// has (they could not be encoded today either). A mismatch still throws fastify-type-provider-zod's own
// ResponseSerializationError, so the error handler answers it as before.

import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** A route's response schema: a zod type, or (as the type provider allows) `{ properties: <zod type> }`. */
const zodOf = (schema: unknown): z.core.$ZodType => {
  if (schema instanceof z.core.$ZodType) return schema;
  const inner = (schema as { properties?: unknown } | null)?.properties;
  if (inner instanceof z.core.$ZodType) return inner;
  throw new Error(`a response schema is not a zod schema: ${JSON.stringify(schema)}`);
};

/**
 * Each route's serializer also remembers, for a frozen `response` object in a success envelope, the answer it wrote:
 * a frozen object cannot change (util/freeze.ts), so the same object passes the same check and writes the same text.
 * The payment lookup answers shared frozen objects (store/payments.ts getShared): a payment polled again and again is
 * checked once. Keyed weakly by the object, so an answer is forgotten with it.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  const type = zodOf(schema);
  const written = new WeakMap<object, string>();
  return (data) => {
    const envelope = data as { code?: unknown; message?: unknown; response?: unknown } | null;
    const shared =
      envelope !== null &&
      typeof envelope === 'object' &&
      envelope.code === 0 &&
      envelope.message === null &&
      envelope.response !== null &&
      typeof envelope.response === 'object' &&
      Object.isFrozen(envelope.response) &&
      Object.keys(envelope).length === 3
        ? envelope.response
        : null;
    if (shared) {
      const text = written.get(shared);
      if (text !== undefined) return text;
    }
    const result = z.safeParse(type, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    const text = JSON.stringify(result.data);
    if (shared) written.set(shared, text);
    return text;
  };
};
