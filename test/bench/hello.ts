// The start-up baseline of run.ts: a bare Fastify hello-world, spawned exactly as the sandbox's server is
// (`node dist/test/bench/hello.js <port>`), answering 200 on GET /health.

import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
