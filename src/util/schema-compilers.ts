// Fastify's schema compilers given when an instance is made, instead of set on it afterwards.

import type { FastifySchemaCompiler, FastifySerializerCompiler, FastifyServerOptions } from 'fastify';

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;

/**
 * The `schemaController` option for an instance whose validator and serializer compilers are these: the same builders
 * setValidatorCompiler and setSerializerCompiler install, but in place before the instance is made, so Fastify never
 * loads its default compilers (Ajv and fast-json-stringify, about a tenth of a start-up) for compilers no route uses.
 */
export function fixedCompilers<V, S>(
  validator: FastifySchemaCompiler<V>,
  serializer: FastifySerializerCompiler<S>,
): SchemaController {
  const compilersFactory = { buildValidator: () => validator, buildSerializer: () => serializer };
  // The option is typed for Ajv's and fast-json-stringify's compilers only.
  return { compilersFactory: compilersFactory as unknown as SchemaController['compilersFactory'] };
}
