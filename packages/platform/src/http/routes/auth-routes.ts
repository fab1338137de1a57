// /auth/*: register, token, key, server certificate, certificate validation (for the UDP handshake), test.
import { pythonEncodeBytes } from '@paperclip/net';
import type { FastifyInstance } from 'fastify';
import { accountOf, requireAccount } from '../authenticate.ts';
import { mergeQueryIntoBody } from '../request-fields.ts';
import {
  authenticated,
  certificateBodySchema,
  errorResponses,
  registerBodySchema,
  responses,
} from '../schemas.ts';
import type { PlatformServices } from '../services.ts';

/** Registers the /auth routes. */
export async function authRoutes(app: FastifyInstance, services: PlatformServices): Promise<void> {
  const authenticate = requireAccount(services.accounts);
  // The one route that takes passwords: rate-limited per address and behind the lockout.
  const authenticateWithPassword = requireAccount(services.accounts, { passwords: true });
  const { authRateLimit } = services.config;
  // Explicit hooks (not route config) so the limit is counted before credentials are checked.
  // Each route has its own per-address budget.
  const limited =
    authRateLimit > 0
      ? [
          app.rateLimit({
            max: authRateLimit,
            timeWindow: 60_000,
            keyGenerator: (request) => `${request.ip}|${request.routeOptions.url}`,
          }),
        ]
      : [];

  app.post<{ Body: { username: string; password: string } }>(
    '/auth/register',
    {
      onRequest: limited,
      preValidation: mergeQueryIntoBody,
      schema: {
        summary: 'Create an account (with an RSA key pair encrypted under its password).',
        tags: ['auth'],
        body: registerBodySchema(services.config.minPasswordLength),
        response: { 201: responses.register, ...errorResponses(400, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const account = await services.accounts.register(request.body.username, request.body.password);
      return reply.code(201).send({ 'account-id': account.id, username: account.username });
    },
  );

  app.get(
    '/auth/token',
    {
      onRequest: [...limited, authenticateWithPassword],
      schema: {
        summary: 'A session token (JWT HS256) for the authenticated account.',
        tags: ['auth'],
        security: authenticated,
        response: { 200: responses.token, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => ({ token: await services.accounts.issueToken(accountOf(request)) }),
  );

  app.get(
    '/auth/key',
    {
      onRequest: authenticate,
      schema: {
        summary: "The account's private key (PKCS#8 DER, encrypted under its password, base64) and id.",
        tags: ['auth'],
        security: authenticated,
        response: { 200: responses.key, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const account = accountOf(request);
      return { key: pythonEncodeBytes(account.privateKey), 'account-id': account.id };
    },
  );

  app.get(
    '/auth/certificate',
    {
      onRequest: authenticate,
      schema: {
        summary: "The platform's server certificate (what lobby servers present in the handshake).",
        tags: ['auth'],
        security: authenticated,
        response: { 200: responses.certificate, ...errorResponses(401, 403) },
      },
    },
    async () => ({ certificate: pythonEncodeBytes(services.identity.certificateDer) }),
  );

  app.get<{ Body: { certificate: string } }>(
    '/auth/certificate/validate',
    {
      preValidation: mergeQueryIntoBody,
      schema: {
        summary: 'Validate a peer certificate (called by UDP servers and clients during the handshake).',
        description:
          'Valid when inside its validity period and signed by the key of the account in its USER_ID ' +
          "attribute, or by the platform's server key when it has none.",
        tags: ['auth'],
        body: certificateBodySchema,
        response: { 200: responses.validate, ...errorResponses(400, 413) },
      },
    },
    async (request) => {
      const verdict = await services.certificates.validate(request.body.certificate);
      // The seed's answer carries the account id as text (its str(USER_ID)); seed servers pass it on as is.
      const accountId = verdict.accountId === null ? null : String(verdict.accountId);
      return { valid: verdict.valid, 'account-id': accountId };
    },
  );

  app.get(
    '/auth/test',
    {
      onRequest: authenticate,
      schema: {
        summary: 'Check credentials: answers with the account name.',
        tags: ['auth'],
        security: authenticated,
        response: { 200: responses.hello, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ hello: accountOf(request).username }),
  );
}
