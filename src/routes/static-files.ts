// The files of public/ (the SDK script, the windows' and the demo's pages, the dashboard's), served the way
// @fastify/static served them with `wildcard: false`: one GET and HEAD route per file found at start-up (so an
// unknown path still reaches the envelope 404 handler), a directory's index.html at the directory's URL, and
// @fastify/send doing the serving (content type, length, ranges). Why not @fastify/static itself: loading it and
// walking the files with its glob cost about 7% of the start-up, for files only a browser asks for; here the walk is
// a few readdirs and @fastify/send is loaded on the first request for a file (as the OpenAPI viewer is, openapi.ts).

import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SendOptions } from '@fastify/send';

export interface StaticFilesOptions {
  /** The directory served. */
  root: string;
  /** The URL of root, ending with `/`. */
  prefix: string;
  /** Directories of root (`ui`, `a/b`) not served here. */
  skip?: string[];
  /** Serve each directory's index.html at the directory's own URL (`/demo/`), too. */
  index: boolean;
  /** Headers on every file answered (before @fastify/send's own). */
  setHeaders(res: ServerResponse): void;
}

/** Answer with a file of root (a path under it, `/v1/iamport.js`), as the file's own route would. */
export type SendFile = (req: FastifyRequest, reply: FastifyReply, file: string) => Promise<void>;

type Send = typeof import('@fastify/send').default;
let loading: Promise<Send> | undefined;
const loadSend = (): Promise<Send> =>
  (loading ??= import('@fastify/send').then(({ default: send }) => {
    // A file of no known type is sent as bytes (@fastify/static sets the same).
    (send.mime as unknown as { default_type: string }).default_type = 'application/octet-stream';
    return send;
  }));

/** The files under dir of root, as `a/b.js` paths, without dotfiles (a symbolic link is followed, as glob did). */
function filesUnder(root: string, dir = '', skip: ReadonlySet<string> = new Set()): string[] {
  return fs
    .readdirSync(path.join(root, dir))
    .sort()
    .flatMap((name) => {
      const file = dir ? `${dir}/${name}` : name;
      if (name.startsWith('.') || skip.has(file)) return [];
      return fs.statSync(path.join(root, file)).isDirectory() ? filesUnder(root, file, skip) : [file];
    });
}

/** Register the routes of root's files on app; the returned function answers with any file of root. */
export function staticFiles(app: FastifyInstance, opts: StaticFilesOptions): SendFile {
  const sendOptions: SendOptions = {
    root: opts.root,
    // No caching headers, no conditional answers: a sandbox is restarted and edited often.
    cacheControl: false,
    etag: false,
    lastModified: false,
    dotfiles: 'allow',
    index: opts.index ? ['index.html'] : false,
  };

  const sendFile: SendFile = async (req, reply, file) => {
    const send = await loadSend();
    // @fastify/send URI-decodes the path it is given.
    const { statusCode, headers, stream, type, metadata } = await send(req.raw, encodeURI(file), sendOptions);
    if (type === 'file') {
      reply.code(statusCode);
      opts.setHeaders(reply.raw);
      reply.headers(headers);
      await reply.send(stream);
      return;
    }
    // A file gone (or become a directory) since start-up is a path like any unknown one: the envelope 404.
    const error = type === 'error' ? (metadata.error as FastifyError & { status?: number }) : undefined;
    if (!error || error.code === 'ENOENT' || error.status === 404) {
      await reply.callNotFound();
      return;
    }
    // A range that cannot be satisfied and the like: the error handler's envelope, with the error's status.
    await reply.send(error);
  };

  let files: string[] = [];
  try {
    files = filesUnder(opts.root, '', new Set(opts.skip));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    app.log.warn(`${opts.root} does not exist: no files served from it`);
  }
  const urls = new Map(files.map((f) => [opts.prefix + f, `/${f}`]));
  if (opts.index) {
    for (const f of files)
      if (path.posix.basename(f) === 'index.html') urls.set(opts.prefix + dirOf(f), `/${dirOf(f)}`);
  }
  for (const [url, file] of urls) {
    app.route({
      method: ['HEAD', 'GET'],
      url,
      schema: { hide: true },
      // A browser that goes away mid-file: nothing to answer, and nothing to log.
      errorHandler(error, req, reply) {
        if ((error as FastifyError).code === 'ERR_STREAM_PREMATURE_CLOSE') return void req.raw.destroy();
        app.errorHandler(error, req, reply);
      },
      handler: (req, reply) => sendFile(req, reply, file),
    });
  }
  return sendFile;
}

/** `demo/index.html` → `demo/`; `index.html` → `` (the prefix itself). */
const dirOf = (file: string) => file.slice(0, file.length - 'index.html'.length);
