// One error shape for every response: {error, message} with a 4xx status for anything the client did wrong.
import type { FastifyError, FastifyInstance } from 'fastify';
import { PlatformError, type PlatformErrorKey } from '../errors.ts';
import { isDatabaseUnavailable } from '../storage/database.ts';

/** Seconds a client is told to wait (Retry-After) while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Fastify's own error codes mapped to catalogue rows. */
const FASTIFY_CODES: Readonly<Record<string, PlatformErrorKey>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
};

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | PlatformError | Error, request, reply) => {
    const platformError = toPlatformError(error);
    if (platformError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    return reply.code(platformError.status).headers(platformError.headers).send(platformError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new PlatformError(
      'NOT_FOUND',
      `There is no ${request.method} ${request.url.split('?')[0]} endpoint.`,
    );
    return reply.code(error.status).send(error.toBody());
  });
}

function toPlatformError(error: FastifyError | PlatformError | Error): PlatformError {
  if (error instanceof PlatformError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) {
    const where = fastifyError.validationContext ?? 'body';
    const detail = fastifyError.validation
      .map((issue) => {
        const field =
          issue.instancePath.replace(/^\//, '') ||
          (issue.params as { missingProperty?: string }).missingProperty;
        return field ? `"${field}" ${issue.message ?? 'is invalid'}` : (issue.message ?? 'is invalid');
      })
      .join('; ');
    const missing = fastifyError.validation.some((issue) => issue.keyword === 'required');
    return new PlatformError(missing ? 'MISSING_FIELD' : 'BAD_REQUEST', `Invalid ${where}: ${detail}.`);
  }
  const mapped = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (mapped !== undefined) {
    return new PlatformError(
      mapped,
      mapped === 'BAD_REQUEST' ? 'The request body is not valid JSON.' : undefined,
    );
  }
  const status = fastifyError.statusCode;
  if (status === 429) return new PlatformError('RATE_LIMITED');
  if (status !== undefined && status >= 400 && status < 500) {
    return new PlatformError(status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', error.message);
  }
  if (isDatabaseUnavailable(error)) {
    return new PlatformError('DATABASE_UNAVAILABLE', undefined, {
      'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
  return new PlatformError('INTERNAL');
}
