// Session tokens: JWT HS256 carrying the account id and an expiry, as the seed's generateToken. Signed with
// jose; verified with a synchronous HMAC so a token check never queues behind scrypt on libuv's thread pool.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type AccountId, parseAccountId } from '@paperclip/protocol';
import { SignJWT } from 'jose';

/** How far in the future an `iat` may be (clock skew between processes sharing the secret). */
const MAX_IAT_SKEW_SECONDS = 60;

/** Issues and checks tokens with one secret. */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #lifetimeSeconds: number;
  readonly #now: () => number;

  /** `now` returns ms since the epoch (injectable for expiry tests). */
  constructor(secret: string, lifetimeSeconds: number, now: () => number = Date.now) {
    this.#key = new TextEncoder().encode(secret);
    this.#lifetimeSeconds = lifetimeSeconds;
    this.#now = now;
  }

  /** A token for the account: `{id, iat, exp}` signed HS256. */
  async issue(accountId: AccountId): Promise<string> {
    const nowSeconds = Math.floor(this.#now() / 1000);
    return new SignJWT({ id: accountId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + this.#lifetimeSeconds)
      .sign(this.#key);
  }

  /**
   * The account id of a valid, unexpired token; undefined for anything else (forged, expired, malformed).
   * Synchronous on purpose: HMAC-SHA256 of ~200 bytes takes microseconds on this thread.
   */
  verify(token: string): AccountId | undefined {
    if (!looksLikeJwt(token)) return undefined;
    const [headerPart, payloadPart, signaturePart] = token.split('.') as [string, string, string];
    const header = decodeJson(headerPart);
    if (header === undefined || header['alg'] !== 'HS256' || header['crit'] !== undefined) return undefined;
    if (header['typ'] !== undefined && header['typ'] !== 'JWT') return undefined;
    const signature = decodeBase64Url(signaturePart);
    const expected = createHmac('sha256', this.#key).update(`${headerPart}.${payloadPart}`).digest();
    if (signature === undefined || signature.length !== expected.length) return undefined;
    if (!timingSafeEqual(signature, expected)) return undefined;
    const claims = decodeJson(payloadPart);
    if (claims === undefined || !claimsAreCurrent(claims, this.#now() / 1000)) return undefined;
    // We sign `id` as a number: a string there is not one of our tokens.
    const id = claims['id'];
    return typeof id === 'number' ? (parseAccountId(id) ?? undefined) : undefined;
  }
}

/** `exp` required and in the future; `iat` and `nbf`, when present, numbers not in the future. */
function claimsAreCurrent(claims: Record<string, unknown>, nowSeconds: number): boolean {
  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= nowSeconds) return false;
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds + MAX_IAT_SKEW_SECONDS)) return false;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return false;
  return true;
}

/** Strict base64url: only the canonical encoding of its bytes (no padding, no stray bits). */
function decodeBase64Url(part: string): Buffer | undefined {
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

/** A base64url JSON object, or undefined. */
function decodeJson(part: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(part);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a string has the shape of a compact JWS (three base64url parts). */
export function looksLikeJwt(value: string): boolean {
  return value.length <= 4096 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
