// Security headers on every answer (finding 11): helmet's set, with a CSP that /docs still renders under.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every answer. Only HTML pages (/docs) are affected in practice:
 * nothing may frame them (clickjacking), and scripts load only from this origin.
 * Swagger UI sets style attributes, hence 'unsafe-inline' for styles only, and shows data: images.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
} as const;

/** Paths whose answers may be cached: the /docs UI's static files. Everything else is per account. */
const CACHEABLE_PREFIX = '/docs/static/';

/**
 * Registers helmet (nosniff, CSP with frame-ancestors 'none', X-Frame-Options, …) at the root, so it
 * covers every route, 404 and error, and marks every API answer `Cache-Control: no-store`: tokens,
 * account keys and friend lists must not stay in a browser or proxy cache.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    // Plain HTTP on its own; HSTS belongs to the TLS terminator in front, which knows the real scheme.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith(CACHEABLE_PREFIX)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
