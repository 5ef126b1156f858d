/**
 * Renders every error as `{error: {code, message, details?}}` from the error catalogue.
 * Fastify's own errors (body too large, schema validation, broken gzip) are translated
 * into catalogue codes, so clients never see an uncoded error.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { TuttiError } from '../core/errors.js';

function translate(error: FastifyError): TuttiError {
  if (error instanceof TuttiError) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new TuttiError('body_too_large');
  if (error.code?.startsWith('Z_') || error.code === 'ERR_ZLIB') return new TuttiError('invalid_gzip');
  if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return new TuttiError('invalid_body', 'The body length does not match Content-Length.');
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new TuttiError('invalid_json', 'The body is empty.');
  if (error.validation) {
    const details = error.validation.map((v) => ({ field: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`, problem: v.message }));
    return new TuttiError('invalid_request', `${error.validationContext ?? 'request'}: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`, details);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new TuttiError('invalid_request', error.message);
  }
  return new TuttiError('internal');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const coded = translate(error);
    if (coded.status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (coded.code === 'overloaded') {
      const details = coded.details as { retryAfterSeconds?: number } | undefined;
      void reply.header('Retry-After', String(details?.retryAfterSeconds ?? 1));
    }
    void reply.status(coded.status).send(coded.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new TuttiError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`).toJSON());
  });
}
