// A real webhook receiver on loopback for tests: records every request, answers with the status a test chooses.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** JSON bodies parsed; form bodies as an object of strings. */
  data: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  got: Received[];
  close(): Promise<void>;
}

/** Listen on 127.0.0.1:0. `status(n)` gives the HTTP status for the n-th request (1-based); `hang` never answers. */
export async function startReceiver(opts: { status?: (n: number) => number; hang?: boolean } = {}): Promise<Receiver> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const ct = String(req.headers['content-type'] ?? '');
      const data = ct.startsWith('application/json')
        ? (JSON.parse(body) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(body));
      got.push({ path: req.url ?? '', headers: req.headers, body, data });
      if (opts.hang) return;
      res.statusCode = opts.status?.(got.length) ?? 200;
      res.end(res.statusCode < 300 ? 'OK' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    got,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
