/**
 * Serves the built dashboard (`web/`, built by `npm run build` into `dist/web/`) at
 * /dashboard/. The files are few and small, so they are read once at start and answered from
 * memory (no path from a request ever reaches the file system); compressed copies are made on
 * first use. Hashed assets are cached for a year, index.html is revalidated, every client route
 * falls back to index.html, and every answer carries a strict Content-Security-Policy: the
 * dashboard loads nothing but its own files and talks only to this server.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TuttiError } from '../core/errors.js';

export const DASHBOARD_PATH = '/dashboard/';

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;
const YEAR = 'public, max-age=31536000, immutable';

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
  br?: Buffer;
  gzip?: Buffer;
}

export interface DashboardOptions {
  /** The built dashboard; by default dist/web next to the compiled server (or the source tree's dist/web). */
  root?: string;
}

/** dist/src/server → dist/web when compiled; src/server → dist/web when run from source. */
function defaultRoot(): string {
  const candidates = [join(import.meta.dirname, '..', '..', 'web'), join(import.meta.dirname, '..', '..', 'dist', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

function readTree(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const rel = relative(root, path).split(sep).join('/');
      const body = readFileSync(path);
      files.set(rel, {
        body,
        type: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        // Vite puts content hashes in every file name under assets/: those never change.
        cacheControl: rel.startsWith('assets/') ? YEAR : rel === 'index.html' ? 'no-cache' : 'public, max-age=3600',
      });
    }
  };
  walk(root);
  return files;
}

function securityHeaders(reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile): FastifyReply {
  securityHeaders(reply);
  void reply.header('content-type', file.type).header('cache-control', file.cacheControl).header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  if (!COMPRESSIBLE.test(file.type) || file.body.length < 1024) return reply.send(file.body);
  void reply.header('vary', 'accept-encoding');
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepts)) {
    file.br ??= brotliCompressSync(file.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } });
    return reply.header('content-encoding', 'br').send(file.br);
  }
  if (/\bgzip\b/.test(accepts)) {
    file.gzip ??= gzipSync(file.body, { level: 9 });
    return reply.header('content-encoding', 'gzip').send(file.gzip);
  }
  return reply.send(file.body);
}

/** The Fastify plugin: GET /dashboard/… (HEAD too). */
export function staticDashboard(options: DashboardOptions = {}) {
  return async (app: FastifyInstance): Promise<void> => {
    const root = options.root ?? defaultRoot();
    const files = existsSync(join(root, 'index.html')) ? readTree(root) : null;
    const schema = { hide: true };

    app.get('/dashboard', { schema }, async (_request, reply) => reply.redirect(DASHBOARD_PATH, 301));
    app.get<{ Params: { '*': string } }>('/dashboard/*', { schema }, async (request, reply) => {
      if (files === null) throw new TuttiError('not_found', 'The dashboard is not built: run "npm run build".');
      const path = request.params['*'] ?? '';
      const file = files.get(path);
      if (file) return send(request, reply, file);
      // A missing asset is a 404 (a stale page asking for an old bundle must not get HTML back);
      // anything else is a client route (customers/email:ann@example.com too), answered by the app.
      if (path.startsWith('assets/') || (!path.includes('/') && /\.[a-z0-9]{1,8}$/i.test(path))) throw new TuttiError('not_found', `No dashboard file ${path}.`);
      return send(request, reply, files.get('index.html')!);
    });
  };
}
