// The OpenAPI document (GET /__sandbox/openapi.json) and its viewer (/__sandbox/docs): a valid OpenAPI 3.1 shape, the
// spec's operations with the spec's paths, operationIds and parameter names (test/data/v1-operations.json and
// v1-parameters.json, both from portone-io/developers.portone.io src/schema/v1.openapi.json at
// 0a8743aae939dbee11449224d3042604a2ab5a19), the control API tagged apart, browser routes hidden, the viewer's files
// served from the package, a document that builds whatever the schemas, and no admin token needed to read it.

import fs from 'node:fs';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import t from 'tap';
import { z } from 'zod';
import { registerOpenApi } from '../src/routes/openapi.js';
import { specPath, UNSUPPORTED } from '../src/routes/unsupported.js';
import { build, type Teardown } from './helpers.js';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  security?: Record<string, string[]>[];
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

const readData = <T>(name: string) =>
  JSON.parse(fs.readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T;
const SPEC = readData<{ operations: { method: string; path: string; operationId: string; summary: string }[] }>(
  'v1-operations.json',
).operations;
const PARAMS = readData<{
  source: { commit: string };
  operations: { method: string; path: string; parameters: Parameter[] }[];
}>('v1-parameters.json');
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/** Emulated routes that are not operations of the spec (openapi-table.ts says why). */
const EXTRAS = ['GET /payments/find/{merchant_uid}', 'GET /payments/findAll/{merchant_uid}', 'GET /vbanks/holder'];

/** Every operation of a document, by `METHOD /path`. */
function operations(doc: Doc): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) ops.set(key(method, path), op);
  return ops;
}

async function fetchDoc(t: Teardown) {
  const s = await build(t);
  const res = await s.app.inject({ method: 'GET', url: '/__sandbox/openapi.json' });
  return { s, res, doc: res.json() as Doc };
}

t.test('GET /__sandbox/openapi.json answers an OpenAPI 3.1 document', async (t) => {
  const { res, doc } = await fetchDoc(t);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=UTF-8');
  t.equal(doc.openapi, '3.1.0');
  t.equal(doc.info.title, 'iamport-sandbox');
  t.match(doc.info.version, /^\d+\.\d+\.\d+/);
  t.same(Object.keys(doc.components.securitySchemes).sort(), ['accessToken', 'adminToken']);

  // The structure OpenAPI 3.1 asks of every operation, checked by hand (no validator package).
  const declaredTags = new Set(doc.tags.map((tag) => tag.name));
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const [k, op] of operations(doc)) {
    const path = k.split(' ')[1]!;
    if (!/^\/[^:]*$/.test(path)) problems.push(`${k}: a Fastify-style path`);
    if (Object.keys(op.responses ?? {}).length === 0) problems.push(`${k}: no responses`);
    for (const [code, r] of Object.entries(op.responses ?? {})) {
      if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(code)) problems.push(`${k}: response code ${code}`);
      if (typeof r.description !== 'string' || r.description === '') problems.push(`${k} ${code}: no description`);
    }
    if (!op.summary) problems.push(`${k}: no summary`);
    if (!op.tags?.length) problems.push(`${k}: no tag`);
    for (const tag of op.tags ?? []) if (!declaredTags.has(tag)) problems.push(`${k}: undeclared tag ${tag}`);
    if (op.operationId) {
      if (ids.has(op.operationId))
        problems.push(`${k}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
      ids.set(op.operationId, k);
    }
    // Path parameters: exactly the template's names, each required.
    const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const inPath = (op.parameters ?? []).filter((p) => p.in === 'path');
    if (JSON.stringify(inPath.map((p) => p.name).sort()) !== JSON.stringify(template))
      problems.push(`${k}: path parameters ${inPath.map((p) => p.name)} for ${template}`);
    for (const p of inPath) if (p.required !== true) problems.push(`${k}: path parameter ${p.name} not required`);
    for (const p of op.parameters ?? [])
      if (!['path', 'query', 'header', 'cookie'].includes(p.in) || !p.name || !p.schema)
        problems.push(`${k}: parameter ${JSON.stringify(p)}`);
    const names = (op.parameters ?? []).map((p) => `${p.in} ${p.name}`);
    if (new Set(names).size !== names.length) problems.push(`${k}: a parameter twice`);
    for (const s of op.security ?? [])
      for (const name of Object.keys(s))
        if (!(name in doc.components.securitySchemes)) problems.push(`${k}: unknown security ${name}`);
  }
  t.same(problems, [], 'every operation is well formed');
});

t.test('the emulated operations are the spec’s: same paths, operationIds, summaries', async (t) => {
  const { doc } = await fetchDoc(t);
  const ops = operations(doc);
  const emulated = [...ops.keys()].filter((k) => !k.split(' ')[1]!.startsWith('/__sandbox/'));
  t.same(
    emulated.sort(),
    [...SPEC.map((op) => key(op.method, op.path)), ...EXTRAS].sort(),
    'the 80 operations of the spec and the 3 extras, nothing else',
  );
  const differ: string[] = [];
  for (const s of SPEC) {
    const op = ops.get(key(s.method, s.path))!;
    // The spec gives two operationIds to two operations each; the second (in its order) gets `_2`.
    if (op.operationId?.replace(/_2$/, '') !== s.operationId) differ.push(`${s.path}: ${op.operationId}`);
    if (op.summary !== s.summary) differ.push(`${s.path}: ${op.summary}`);
  }
  t.same(differ, [], 'operationId and summary as the spec writes them');
  t.equal(ops.get('GET /subscribe/customers/{customer_uid}/schedules')?.operationId, 'findSchedulesByCustomer');
  t.equal(
    ops.get('GET /subscribe/payments/schedule/customers/{customer_uid}')?.operationId,
    'findSchedulesByCustomer_2',
  );
  t.equal(ops.get('POST /payments/{imp_uid}/naver/ship-exchanged')?.operationId, 'naverShipProductOrder_2');

  const unsupported = emulated.filter((k) => ops.get(k)!.tags!.includes('unsupported'));
  t.same(unsupported.sort(), UNSUPPORTED.map((op) => key(op.method, specPath(op.url))).sort(), 'the refused 30');
  const refused = ops.get('POST /benepia/point')!;
  t.same(refused.tags, ['benepia', 'unsupported']);
  t.match(refused.description, /^Not simulated: the sandbox does not model Benepia welfare points\./);
  t.same(Object.keys(refused.responses).sort(), ['404', 'default']);

  // Tags by area, as the spec files them.
  t.same(ops.get('GET /payments/{imp_uid}')!.tags, ['payments']);
  t.same(ops.get('POST /payments/prepare')!.tags, ['payments.validation']);
  t.same(ops.get('POST /users/getToken')!.tags, ['authenticate']);
  t.same(ops.get('GET /subscribe/customers/{customer_uid}')!.tags, ['subscribe.customer']);
  t.same(ops.get('POST /subscribe/payments/again')!.tags, ['subscribe']);
  t.same(ops.get('GET /banks')!.tags, ['codes']);
  t.match(ops.get('GET /vbanks/holder')!.description, /^Not an operation of the spec: /);
  // The token: every emulated operation but getToken.
  t.same(ops.get('GET /payments/{imp_uid}')!.security, [{ accessToken: [] }]);
  t.equal(ops.get('POST /users/getToken')!.security, undefined);
});

t.test('parameter names are the spec’s', async (t) => {
  const { doc } = await fetchDoc(t);
  const ops = operations(doc);
  const names = (op: Operation, where: string) =>
    (op.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);

  const one = ops.get('GET /payments/{imp_uid}')!;
  t.same(names(one, 'path'), ['imp_uid']);
  t.same(names(one, 'query'), ['include_sandbox']);
  const byStatus = ops.get('GET /payments/status/{payment_status}')!;
  t.same(names(byStatus, 'path'), ['payment_status']);
  t.same(names(byStatus, 'query').sort(), ['from', 'limit', 'page', 'sorting', 'to']);
  const limit = byStatus.parameters!.find((p) => p.name === 'limit')!;
  t.same(
    [limit.required, limit.schema!.type, limit.schema!.minimum, limit.schema!.maximum, limit.schema!.default],
    [false, 'integer', 1, 1000, 20],
  );
  t.same((byStatus.parameters!.find((p) => p.name === 'sorting')!.schema as { enum: string[] }).enum, [
    '-started',
    'started',
    '-paid',
    'paid',
    '-updated',
    'updated',
  ]);
  // Names on the wire, not the names the schema's preprocess gives them.
  t.same(names(ops.get('GET /payments')!, 'query'), ['imp_uid[]', 'merchant_uid[]']);
  t.same(ops.get('GET /payments')!.parameters![0]!.schema, { type: 'array', items: { type: 'string' } });
  t.same(names(ops.get('GET /subscribe/customers')!, 'query'), ['customer_uid[]']);
  t.same(names(ops.get('GET /payments/find/{merchant_uid}/{payment_status}')!, 'path'), [
    'merchant_uid',
    'payment_status',
  ]);

  // Every path and query parameter of the spec, and every body field, on every simulated operation. Ours may take more
  // (limit on the customer lists, the schedule_* spellings): a superset is fine.
  t.equal(PARAMS.source.commit, '0a8743aae939dbee11449224d3042604a2ab5a19');
  t.equal(PARAMS.operations.length, 80);
  const missing: string[] = [];
  for (const spec of PARAMS.operations) {
    const op = ops.get(key(spec.method, spec.path))!;
    if (op.tags!.includes('unsupported')) continue;
    // A body the route lets be absent is `anyOf: [object, null]`.
    const schema = op.requestBody?.content['application/json']?.schema as
      | { properties?: object; anyOf?: { properties?: object }[] }
      | undefined;
    const body = { properties: { ...schema?.properties, ...schema?.anyOf?.find((b) => b.properties)?.properties } };
    for (const p of spec.parameters) {
      const found = p.in === 'body' ? Object.hasOwn(body?.properties ?? {}, p.name) : names(op, p.in).includes(p.name);
      if (!found) missing.push(`${key(spec.method, spec.path)} ${p.in} ${p.name}`);
    }
  }
  // `vat`: deprecated in the spec ("use tax_free"); the sandbox's schemas leave it out (and drop it if sent).
  t.same(missing, ['POST /subscribe/payments/onetime body vat', 'POST /subscribe/payments/again body vat']);

  // Bodies: JSON or form, as the REST API reads both.
  t.same(Object.keys(ops.get('POST /payments/cancel')!.requestBody!.content), [
    'application/json',
    'application/x-www-form-urlencoded',
  ]);
});

t.test('the control API is tagged apart; browser routes are not in the document', async (t) => {
  const { s, doc } = await fetchDoc(t);
  const ops = operations(doc);
  const control = [...ops].filter(([k]) => k.split(' ')[1]!.startsWith('/__sandbox/'));
  t.ok(control.length >= 25);
  t.same(
    control.filter(([, op]) => JSON.stringify(op.tags) !== '["control"]').map(([k]) => k),
    [],
    'every /__sandbox/ operation is tagged control, only',
  );
  t.same(
    [...ops].filter(([k, op]) => op.tags!.includes('control') && !k.includes(' /__sandbox/')).map(([k]) => k),
    [],
    'nothing else is',
  );
  for (const k of [
    'GET /__sandbox/health',
    'POST /__sandbox/reset',
    'POST /__sandbox/clock',
    'POST /__sandbox/faults',
    'DELETE /__sandbox/faults/{id}',
    'GET /__sandbox/requests',
    'GET /__sandbox/webhooks/wait',
    'POST /__sandbox/billing-keys',
    'POST /__sandbox/vbanks/{imp_uid}/deposit',
    'GET /__sandbox/openapi.json',
  ])
    t.ok(ops.has(k), k);
  t.equal(ops.get('POST /__sandbox/reset')!.summary, "Back to the fixtures: everything, or one merchant's data");
  t.same(ops.get('POST /__sandbox/reset')!.security, [{ adminToken: [] }, {}]);
  t.equal(ops.get('GET /__sandbox/health')!.security, undefined);
  t.same(
    control.filter(([k, op]) => op.summary === k).map(([k]) => k),
    [],
    'every control operation has a summary of its own (openapi-table.ts or the route)',
  );
  t.same(
    ops.get('DELETE /__sandbox/faults/{id}')!.parameters!.map((p) => [p.in, p.name, p.required]),
    [['path', 'id', true]],
  );

  // Routes the app serves that the document leaves out: pages and files for a browser, and PUT/DELETE /vbanks (the
  // refusal of a call without its imp_uid).
  const left = s.app.routeList
    .map((r) => key(r.method, specPath(r.url)))
    .filter((k) => !ops.has(k))
    .filter((k) => !/ \/(window|certification|demo|v1|js|ui)\//.test(k) && !/ \/__sandbox\/(docs|ui)\b/.test(k));
  const served = new Set(s.app.routeList.map((r) => key(r.method, r.url)));
  t.same(
    left.sort(),
    ['DELETE /vbanks', 'GET /', 'PUT /vbanks'].filter((k) => served.has(k)),
  );
  t.notOk(ops.has('GET /window/index.html'));
  t.notOk(ops.has('GET /v1/iamport.js'));
  t.notOk(ops.has('POST /window/api/requests'));
  t.notOk(ops.has('GET /__sandbox/docs'));
});

t.test('the viewer at /__sandbox/docs is served from the package', async (t) => {
  const s = await build(t);
  const bare = await s.app.inject({ method: 'GET', url: '/__sandbox/docs' });
  t.equal(bare.statusCode, 302);
  t.equal(bare.headers.location, '/__sandbox/docs/');

  const page = await s.app.inject({ method: 'GET', url: '/__sandbox/docs/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /<div id="swagger-ui">/);
  t.notMatch(page.body, /(src|href)="(https?:)?\/\//, 'no asset from another origin (no CDN)');
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  t.ok(assets.includes('./static/swagger-ui-bundle.js'), 'the bundle');
  t.ok(assets.includes('./static/swagger-ui.css'), 'the style');
  for (const a of assets) {
    const res = await s.app.inject({ method: 'GET', url: `/__sandbox/docs/${a.replace(/^\.\//, '')}` });
    t.equal(res.statusCode, 200, a);
    t.ok(res.rawPayload.length > 100, `${a} has content`);
  }
  const bundle = await s.app.inject({ method: 'GET', url: '/__sandbox/docs/static/swagger-ui-bundle.js' });
  t.match(bundle.headers['content-type'], /javascript/);
  t.ok(bundle.rawPayload.length > 500_000, 'the whole bundle');
  const init = await s.app.inject({ method: 'GET', url: '/__sandbox/docs/static/swagger-initializer.js' });
  t.equal(init.statusCode, 200);
  t.match(init.body, /resolveUrl\('\.\/json'\)/);
  t.match(init.body, /validatorUrl: null/, 'no call to validator.swagger.io');
  // The document the viewer loads (./json) is the one at /__sandbox/openapi.json.
  const viewerDoc = await s.app.inject({ method: 'GET', url: '/__sandbox/docs/json' });
  const doc = await s.app.inject({ method: 'GET', url: '/__sandbox/openapi.json' });
  t.same(viewerDoc.json(), doc.json());

  // Unknown files and climbing out of the folder: 404, never 5xx.
  for (const url of [
    '/__sandbox/docs/static/nope.js',
    '/__sandbox/docs/static/../../package.json',
    '/__sandbox/docs/x',
  ]) {
    const res = await s.app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 404, url);
    t.same([res.json().code, res.json().response], [-1, null], `${url}: the envelope`);
  }
});

t.test('readable without the admin token; the other control routes still need it', async (t) => {
  const s = await build(t, { SANDBOX_ADMIN_TOKEN: 'secret-admin' });
  for (const url of ['/__sandbox/openapi.json', '/__sandbox/docs/', '/__sandbox/docs/static/swagger-ui.css']) {
    const res = await s.app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, url);
  }
  t.equal((await s.app.inject({ method: 'GET', url: '/__sandbox/clock' })).statusCode, 401);
});

t.test('the document builds whatever the schemas: transforms, unknowns, plain JSON Schema, unions', async (t) => {
  const app = Fastify();
  t.teardown(() => app.close());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerOpenApi(app);
  const handler = async () => ({});
  app.post(
    '/odd/:id',
    {
      schema: {
        params: z.object({ id: z.string().transform(Number) }),
        querystring: z.union([z.object({ a: z.string() }), z.object({ b: z.coerce.number() })]),
        body: z.preprocess((v) => v, z.object({ x: z.custom<string>((v) => typeof v === 'string') })),
        response: {
          200: z.object({ when: z.date(), anything: z.unknown(), fn: z.string().transform((s) => s.length) }),
        },
      },
    },
    handler,
  );
  app.get('/plain', { schema: { querystring: { type: 'object', properties: { q: { type: 'string' } } } } }, handler);
  app.get('/scalar', { schema: { querystring: z.string(), headers: z.number() } }, handler);
  app.get(
    '/plain-response',
    {
      schema: { response: { 200: { type: 'object', properties: { n: { type: 'number' } } } } },
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    handler,
  );
  app.get('/none', handler);
  await app.ready();

  const res = await app.inject({ method: 'GET', url: '/__sandbox/openapi.json' });
  t.equal(res.statusCode, 200);
  const ops = operations(res.json() as Doc);
  t.same([...ops.keys()].sort(), [
    'GET /__sandbox/openapi.json',
    'GET /none',
    'GET /plain',
    'GET /plain-response',
    'GET /scalar',
    'POST /odd/{id}',
  ]);
  const odd = ops.get('POST /odd/{id}')!;
  t.same(
    odd.parameters!.map((p) => `${p.in} ${p.name}`).sort(),
    ['path id', 'query a', 'query b'],
    'a union of objects: every branch’s names',
  );
  t.ok(odd.requestBody!.content['application/json'], 'a body');
  t.ok(odd.responses['200'], 'a response');
  t.same(ops.get('GET /scalar')!.parameters, undefined, 'a non-object query gives no parameter named after a keyword');
  t.same(
    ops.get('GET /plain')!.parameters!.map((p) => p.name),
    ['q'],
    'a plain JSON Schema query is kept',
  );
  t.ok(ops.get('GET /plain-response')!.responses['200'], 'a plain JSON Schema response is kept');
  t.same(Object.keys(ops.get('GET /none')!.responses).sort(), ['200', 'default']);
});
