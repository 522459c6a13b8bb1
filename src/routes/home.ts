// GET /: a small HTML page for whoever opens the sandbox's address in a browser, with the pointers of the start-up
// banner (SDK script, dashboard, OpenAPI, demo) and the fixture merchants' credentials. It needs nothing but this
// file, so it works whether or not the dashboard is there. Every value is escaped: a fixture's merchant name or the
// Host header could carry markup.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clockText, controlText, POINTERS } from '../banner.js';
import { VERSION } from '../version.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'code{font:13px ui-monospace,monospace;background:#f3f3f3;padding:0 .2em;word-break:break-all}' +
  'table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}';

const routes: FastifyPluginAsyncZod = async (app) => {
  const sb = app.sb;
  // Not part of the emulated API nor of the control API: left out of the OpenAPI document.
  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const base = `${req.protocol}://${req.host}`;
    const link = (p: string) => `<a href="${escapeHtml(p)}">${escapeHtml(base + p)}</a>`;
    const pointers = POINTERS.map((p) => `<li>${escapeHtml(p.label)}: ${link(p.path)}</li>`).join('');
    const fixtureIds = new Set(sb.fixtures.map((m) => m.id));
    const merchants = sb.fixtures
      .map((m) =>
        [m.id, m.name, m.merchant_code, m.imp_key, m.imp_secret].map((v) => `<td><code>${escapeHtml(v)}</code></td>`),
      )
      .map((cells) => `<tr>${cells.join('')}</tr>`)
      .join('');
    const created = sb.store.merchants.all().filter((m) => !fixtureIds.has(m.id)).length;
    const script = `<script src="${base}/v1/iamport.js"></script>`;
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>iamport-sandbox</title><style>${STYLE}</style></head><body>
<h1>iamport-sandbox <small>${escapeHtml(VERSION)}</small></h1>
<p>A local, deterministic stand-in for the i'mport (PortOne V1) REST API and browser SDK.
아임포트(포트원 V1) REST API와 브라우저 SDK를 흉내 내는 로컬 샌드박스입니다.</p>
<ul>
<li>REST API: <code>${escapeHtml(base)}</code> in place of <code>https://api.iamport.kr</code></li>
<li>SDK: <code>${escapeHtml(script)}</code> in place of the script from cdn.iamport.kr</li>
<li>control API: <code>${escapeHtml(`${base}/__sandbox/`)}</code> ${escapeHtml(controlText(sb.config))}</li>
<li>clock: ${escapeHtml(clockText(sb.config.CLOCK))}, now <code>${escapeHtml(new Date(sb.clock.now()).toISOString())}</code></li>
</ul>
<h2>Pages and documents</h2>
<ul>${pointers}</ul>
<h2>Merchants (fixtures) · 가맹점</h2>
<table><tr><th>id</th><th>name</th><th>merchant_code (IMP.init)</th><th>imp_key</th><th>imp_secret</th></tr>${merchants}</table>
<p>${created} merchant(s) created through the control API (their credentials: the dashboard or GET /__sandbox/merchants).</p>
</body></html>
`;
    // Only the inline style is allowed: the page runs no script and loads nothing.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return reply.type('text/html; charset=utf-8').send(html);
  });
};
export default routes;
