// HTTP authentication as the seed's Flask-HTTPAuth, narrowed: every route takes a token (Basic token:"" or
// Bearer); only /auth/token also takes Basic username:password, where it is rate-limited and locked out.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../auth/account-service.ts';
import { looksLikeJwt } from '../auth/tokens.ts';
import { PlatformError, PlatformErrorCode } from '../errors.ts';
import type { AccountRecord } from '../storage/accounts-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account (set by the authenticate preHandler). */
    account: AccountRecord | null;
  }
}

/** Longest Authorization header accepted (a token is ~200 bytes; bounded before any base64 decoding). */
const MAX_AUTHORIZATION_LENGTH = 4096;
const CHALLENGE = { 'www-authenticate': 'Basic realm="Paperclip", charset="UTF-8"' };

/** Which credentials a route takes. */
export interface RequireAccountOptions {
  /** Basic username:password too (only /auth/token). Default false: tokens only. */
  passwords?: boolean;
}

/** Builds the preHandler that requires an account on a route. */
export function requireAccount(accounts: AccountService, options: RequireAccountOptions = {}) {
  const passwords = options.passwords === true;
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new PlatformError('UNAUTHORIZED', undefined, CHALLENGE);
    }
    if (header.length > MAX_AUTHORIZATION_LENGTH) {
      throw new PlatformError('UNAUTHORIZED', 'The Authorization header is too long.', CHALLENGE);
    }
    const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
    try {
      if (scheme?.toLowerCase() === 'bearer') {
        request.account = await accounts.authenticateToken(credentials);
        return;
      }
      if (scheme?.toLowerCase() !== 'basic') {
        throw new PlatformError(
          'UNAUTHORIZED',
          'Use HTTP Basic (username:password on /auth/token, token: elsewhere) or a Bearer token.',
        );
      }
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0)
        throw new PlatformError('UNAUTHORIZED', 'The Basic credentials must be "username:password".');
      const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      if (passwords) {
        request.account = await accounts.authenticate(username, password, request.ip);
        return;
      }
      // Anything but token: is a password here, refused before it could reach a hash.
      if (password !== '' || !looksLikeJwt(username)) {
        throw new PlatformError(
          'UNAUTHORIZED',
          'This route takes a token, not a password: get one from /auth/token and send it as Basic token: or Bearer.',
        );
      }
      request.account = await accounts.authenticateToken(username);
    } catch (error) {
      if (error instanceof PlatformError && error.code === PlatformErrorCode.UNAUTHORIZED) {
        throw new PlatformError('UNAUTHORIZED', error.message, { ...CHALLENGE, ...error.headers });
      }
      throw error;
    }
  };
}

/** The account set by requireAccount (routes call this only behind it). */
export function accountOf(request: FastifyRequest): AccountRecord {
  if (request.account === null) throw new PlatformError('UNAUTHORIZED');
  return request.account;
}
