// Unit tests of configuration: defaults, env vs flags vs overrides, and the refusals that stop start-up.

import fs from 'node:fs';
import t from 'tap';
import { loadConfig, flagsToConfig, clockStart, ConfigError, ConfigSchema } from '../src/config.js';
import { createSandbox } from '../src/context.js';

t.test('loadConfig with nothing gives the documented defaults, frozen', async (t) => {
  const c = loadConfig();
  t.equal(c.PORT, 7707);
  t.equal(c.HOST, '127.0.0.1');
  t.equal(c.DB_PATH, './.sandbox/sandbox.db');
  t.equal(c.LOG_LEVEL, 'info');
  t.equal(c.CLOCK, 'system');
  t.equal(c.SEED, undefined);
  t.equal(c.SANDBOX_ADMIN_TOKEN, undefined);
  t.equal(c.SANDBOX_INSECURE_ADMIN, false);
  t.equal(c.JOURNAL_SIZE, 1000);
  t.equal(c.BODY_LIMIT, 1024 * 1024);
  t.equal(c.UNKNOWN_CUSTOMER_STATUS, 200);
  t.equal(c.HEAP, 'lean');
  t.equal(c.DB_CACHE_MB, 4);
  t.match(c.FIXTURES_DIR, /fixtures$/);
  t.ok(Object.isFrozen(c), 'the config is frozen');
  t.equal(clockStart(c), undefined, 'the system clock has no start');
});

t.test('environment variables set values and strings are coerced', async (t) => {
  const c = loadConfig({
    PORT: '8080',
    BODY_LIMIT: '4096',
    UNKNOWN_CUSTOMER_STATUS: '404',
    SANDBOX_INSECURE_ADMIN: '1',
    LOG_LEVEL: 'warn',
  });
  t.equal(c.PORT, 8080);
  t.equal(c.BODY_LIMIT, 4096);
  t.equal(c.UNKNOWN_CUSTOMER_STATUS, 404);
  t.equal(c.SANDBOX_INSECURE_ADMIN, true);
  t.equal(c.LOG_LEVEL, 'warn');
});

t.test('unrelated and empty environment variables are ignored', async (t) => {
  const c = loadConfig({ PATH: '/usr/bin', HOME: '/root', PORT: '', SEED: undefined });
  t.equal(c.PORT, 7707);
  t.equal(c.SEED, undefined);
});

t.test('flags beat environment variables, and overrides beat flags', async (t) => {
  const env = { PORT: '8080', DB_PATH: '/tmp/env.db', SEED: 'env-seed' };
  const c = loadConfig(env, ['--port', '9090', '--db-path=/tmp/flag.db']);
  t.equal(c.PORT, 9090);
  t.equal(c.DB_PATH, '/tmp/flag.db');
  t.equal(c.SEED, 'env-seed', 'env still counts where no flag is given');
  const o = loadConfig(env, ['--port', '9090'], { PORT: 1234 });
  t.equal(o.PORT, 1234);
});

t.test('flags parse as --name value, --name=value and bare booleans', async (t) => {
  t.same(flagsToConfig(['--port', '1', '--db-path=:memory:', '--sandbox-insecure-admin', '--seed', 's']), {
    PORT: '1',
    DB_PATH: ':memory:',
    SANDBOX_INSECURE_ADMIN: 'true',
    SEED: 's',
  });
  t.throws(() => flagsToConfig(['7707']), new ConfigError('Unexpected argument "7707" (flags look like --port 7707)'));
});

t.test('an unknown flag is refused by name', async (t) => {
  t.throws(() => loadConfig({}, ['--prot', '1']), new ConfigError('Unknown flag --prot'));
});

t.test('an invalid PORT is a ConfigError naming PORT', async (t) => {
  for (const port of ['abc', '70000', '-1', '1.5']) {
    const err = catchErr(() => loadConfig({ PORT: port }));
    t.ok(err instanceof ConfigError, `PORT=${port} gives a ConfigError`);
    t.match(err?.message, /^Invalid config: PORT /, `PORT=${port}`);
  }
  const flag = catchErr(() => loadConfig({}, ['--port', 'x']));
  t.match(flag?.message, /^Invalid config: PORT /);
});

t.test('BODY_LIMIT below 1024 and an unknown LOG_LEVEL are refused by name', async (t) => {
  t.match(catchErr(() => loadConfig({ BODY_LIMIT: '10' }))?.message, /^Invalid config: BODY_LIMIT /);
  t.match(catchErr(() => loadConfig({ LOG_LEVEL: 'loud' }))?.message, /^Invalid config: LOG_LEVEL /);
});

t.test('HEAP is lean or node, from the environment or --heap', async (t) => {
  t.equal(loadConfig({ HEAP: 'node' }).HEAP, 'node');
  t.equal(loadConfig({}, ['--heap', 'node']).HEAP, 'node');
  const err = catchErr(() => loadConfig({ HEAP: 'small' }));
  t.ok(err instanceof ConfigError);
  t.match(err?.message, /^Invalid config: HEAP .*"lean"\|"node"/);
});

t.test('DB_CACHE_MB is a whole number of MB, 1 to 4096, and becomes the page cache of the database', async (t) => {
  t.equal(loadConfig({}, ['--db-cache-mb', '32']).DB_CACHE_MB, 32);
  for (const bad of ['0', '4097', '2.5', 'big']) {
    const err = catchErr(() => loadConfig({ DB_CACHE_MB: bad }));
    t.ok(err instanceof ConfigError, bad);
    t.match(err?.message, /^Invalid config: DB_CACHE_MB /, bad);
  }
  const sb = createSandbox(loadConfig({}, [], { DB_PATH: ':memory:', LOG_LEVEL: 'silent', DB_CACHE_MB: 12 }));
  t.teardown(() => sb.close());
  // SQLite reports a size in KiB as a negative number.
  t.equal(sb.db.pragma('cache_size', { simple: true }), -12 * 1024);
});

t.test('a non-loopback HOST without SANDBOX_ADMIN_TOKEN is refused', async (t) => {
  const err = catchErr(() => loadConfig({ HOST: '0.0.0.0' }));
  t.ok(err instanceof ConfigError);
  t.equal(
    err?.message,
    'Invalid config: SANDBOX_ADMIN_TOKEN is required when HOST (0.0.0.0) is not loopback; set it, or SANDBOX_INSECURE_ADMIN=1 on a trusted network',
  );
  t.equal(
    loadConfig({ HOST: '0.0.0.0', SANDBOX_ADMIN_TOKEN: 'long-enough-token' }).HOST,
    '0.0.0.0',
    'allowed with a token',
  );
  t.equal(
    loadConfig({ HOST: '0.0.0.0', SANDBOX_INSECURE_ADMIN: '1' }).SANDBOX_INSECURE_ADMIN,
    true,
    'allowed with the explicit opt-out',
  );
  for (const host of ['127.0.0.1', 'localhost', '::1'])
    t.equal(loadConfig({ HOST: host }).HOST, host, `${host} needs no token`);
  t.match(
    catchErr(() => loadConfig({ HOST: '0.0.0.0', SANDBOX_ADMIN_TOKEN: 'short' }))?.message,
    /^Invalid config: SANDBOX_ADMIN_TOKEN /,
    'a too-short token is refused',
  );
});

t.test('CLOCK takes "system" or an ISO time, and refuses anything else', async (t) => {
  const fixed = loadConfig({ CLOCK: '2026-01-01T00:00:00Z' });
  t.equal(clockStart(fixed), Date.parse('2026-01-01T00:00:00Z'));
  const err = catchErr(() => loadConfig({ CLOCK: 'tomorrow' }));
  t.ok(err instanceof ConfigError);
  t.equal(err?.message, 'Invalid config: CLOCK must be "system" or an ISO time such as 2026-01-01T00:00:00Z');
});

function catchErr(fn: () => unknown): Error | undefined {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

t.test('docs/configuration.md documents every configuration variable with its flag', async (t) => {
  const doc = fs.readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
  // One table row per setting: `| `NAME` | `--name` |`, the flag being the kebab-case flagsToConfig reads back.
  const undocumented = Object.keys(ConfigSchema.shape).filter((k) => {
    const flag = `--${k.toLowerCase().replace(/_/g, '-')}`;
    return !doc.includes(`| \`${k}\` | \`${flag}\` |`) || flagsToConfig([flag, 'x'])[k] !== 'x';
  });
  t.same(undocumented, []);
});
