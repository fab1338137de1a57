// Session tokens: JWT HS256 via jose, carrying the account id and an expiry, as the seed's generateToken.
import { type AccountId, parseAccountId } from '@paperclip/protocol';
import { errors, jwtVerify, SignJWT } from 'jose';

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

  /** The account id of a valid, unexpired token; undefined for anything else (forged, expired, malformed). */
  async verify(token: string): Promise<AccountId | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.#now()),
        requiredClaims: ['exp'],
      });
      // We sign `id` as a number: a string there is not one of our tokens.
      const id = payload['id'];
      return typeof id === 'number' ? (parseAccountId(id) ?? undefined) : undefined;
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}

/** Whether a string has the shape of a compact JWS (three base64url parts). */
export function looksLikeJwt(value: string): boolean {
  return value.length <= 4096 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
