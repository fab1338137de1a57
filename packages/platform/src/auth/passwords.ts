// Password hashing with node:crypto scrypt; parameters travel inside the hash so they can be raised later.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptOnPasswordWorker } from './password-kdf.ts';

/** scrypt cost parameters (N: CPU/memory cost, r: block size, p: parallelisation). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * The cost new hashes use: N=2^15, r=8, p=3 is one of OWASP's equivalent scrypt settings (as strong as
 * N=2^17, r=8, p=1) while holding 32 MiB per hash instead of 128 MiB, so concurrent logins cannot exhaust memory.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Upper bound on parameters read back from a stored hash (so a corrupt row cannot exhaust memory). */
const MAX_N = 2 ** 20;

/** scrypt on the pool job's low-priority worker thread when it has one, else on libuv's pool. */
function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return scryptOnPasswordWorker(password.normalize('NFC'), salt, KEY_LENGTH, options);
}

/** Hashes a password as `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

const dummyHashes = new Map<string, Promise<string>>();

/** Spends as long as a real check, for logins to unknown usernames (so timing does not reveal which exist). */
export async function verifyAgainstDummy(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<false> {
  const key = `${params.N}/${params.r}/${params.p}`;
  let dummy = dummyHashes.get(key);
  if (dummy === undefined) {
    dummy = hashPassword('paperclip-dummy-password', params);
    dummyHashes.set(key, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}
