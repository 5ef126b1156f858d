/**
 * Segment-compatible body handling: gzip bodies (Content-Encoding: gzip), bodies with no
 * Content-Type or any Content-Type, parsed as JSON. The size limit applies after
 * decompression, so a small gzip bomb cannot blow up memory.
 */
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { TuttiError } from '../core/errors.js';

export function registerBodyParsing(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (encoding === 'identity' || encoding === '') return payload;
    if (encoding !== 'gzip') throw new TuttiError('unsupported_encoding', `Content-Encoding "${encoding}" is not supported; send gzip or plain bodies.`);
    const gunzip = createGunzip();
    // Fastify compares Content-Length with the bytes received on the wire, not the inflated ones.
    const counted = gunzip as unknown as { receivedEncodedLength: number };
    counted.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      counted.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (error) => gunzip.destroy(error));
    // Fastify listens for errors while it reads the body; a truncated stream can still report one
    // after Fastify has answered (body limit hit, client gone). Never let that crash the process.
    gunzip.on('error', () => undefined);
    return payload.pipe(gunzip);
  });

  app.removeAllContentTypeParsers();
  // The customer web form posts urlencoded fields. `curl -d '{…}'` also sends this type with a
  // JSON body, so JSON is tried first.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        done(null, JSON.parse(text));
        return;
      } catch {
        done(new TuttiError('invalid_json', 'The body is not valid JSON.') as unknown as Error, undefined);
        return;
      }
    }
    done(null, Object.fromEntries(new URLSearchParams(text)));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new TuttiError('invalid_json', 'The body is not valid JSON.') as unknown as Error, undefined);
    }
  });
}
