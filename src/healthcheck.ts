#!/usr/bin/env node
// The container's health check (Dockerfile HEALTHCHECK): GET /__sandbox/health of the sandbox on this machine,
// exit 0 when it answers 200 {"status":"ok"}, 1 otherwise. The image has node but no curl, so node runs this.
// A program of its own that imports nothing of the server: Docker starts it every few seconds, so it must stay cheap.
// Usage: node dist/src/healthcheck.js [url]   (default: http://127.0.0.1:$PORT/__sandbox/health, PORT 7707)
// The health route never needs the admin token, so none is sent.

/** The address to ask: the listen address itself unless it is a wildcard, which is reached through loopback. */
function defaultUrl(env: NodeJS.ProcessEnv): string {
  const host = env.HOST && !['0.0.0.0', '::', ''].includes(env.HOST) ? env.HOST : '127.0.0.1';
  const port = env.PORT || '7707';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/__sandbox/health`;
}

const url = process.argv[2] ?? defaultUrl(process.env);
try {
  // Shorter than any sensible HEALTHCHECK --timeout, so the script reports its own reason instead of being killed.
  const res = await fetch(url, { signal: AbortSignal.timeout(2500) });
  const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
  if (res.status === 200 && body?.status === 'ok') process.exit(0);
  process.stderr.write(`iamport-sandbox health check: ${url} answered ${res.status}\n`);
} catch (e) {
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  process.stderr.write(`iamport-sandbox health check: ${url}: ${cause ?? (e as Error).message}\n`);
}
process.exit(1);
