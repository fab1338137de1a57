// Account RSA keys: 2048-bit, private key stored as PKCS#8 DER encrypted under the account password
// with PBES2/scrypt/AES-256-CBC (older rows hold Node's PBES2/PBKDF2 and are upgraded at login).
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';
import { currentPasswordWorker } from './password-workers.ts';
import { decryptPkcs8, decryptPkcs8Sync, encryptPkcs8, wrongPassword } from './pkcs8-encryption.ts';
import {
  DEFAULT_PKCS8_READ_LIMITS,
  Pkcs8Error,
  Pkcs8ErrorCode,
  type Pkcs8ReadLimits,
  type Pkcs8ScryptParams,
  readPkcs8Encryption,
  scryptMemoryBytes,
} from './pkcs8-reader.ts';

/** A freshly generated key pair in the forms the database stores. */
export interface AccountKeyPair {
  /** EncryptedPrivateKeyInfo DER: PBES2 with scrypt and AES-256-CBC under the password. */
  encryptedPrivateKey: Buffer;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
}

/**
 * The scrypt cost that encrypts new account keys: N=2^14, r=8, p=5 is OWASP's equivalent of the password
 * hash's N=2^15, r=8, p=3, at 16 MiB. It must stay within OpenSSL's 32 MiB scrypt limit for PKCS#8
 * (128·r·(N+2) + 128·r·p bytes), or clients using OpenSSL (Node, Python `cryptography`) cannot read the key;
 * N=2^15 with r=8 is just over it.
 */
export const DEFAULT_ACCOUNT_KEY_SCRYPT: Readonly<Pkcs8ScryptParams> = { N: 2 ** 14, r: 8, p: 5 };

/** OpenSSL's default scrypt memory limit, which its PKCS#8 decryption applies (SCRYPT_MAX_MEM). */
const OPENSSL_SCRYPT_MAX_MEMORY = 32 * 1024 * 1024;

/** Why a configured key cost is unusable, as a sentence; undefined when it is fine. */
export function accountKeyScryptProblem(params: Pkcs8ScryptParams): string | undefined {
  const { N, r, p } = params;
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 30 || r < 1 || p < 1)
    return `scrypt N=${N}, r=${r}, p=${p} are not valid (N a power of two from 2, r and p at least 1).`;
  if (scryptMemoryBytes(params) > OPENSSL_SCRYPT_MAX_MEMORY)
    return `scrypt N=${N}, r=${r} needs more than OpenSSL's 32 MiB limit, so clients could not decrypt their keys; lower N or r (raise p instead).`;
  if (N * r * p > DEFAULT_PKCS8_READ_LIMITS.maxScryptWork)
    return `scrypt N=${N}, r=${r}, p=${p} is costlier than the ${DEFAULT_PKCS8_READ_LIMITS.maxScryptWork} (N·r·p) the platform reads back.`;
  return undefined;
}

/**
 * Generates an account's RSA key pair (the seed's generateRsaKey: e=65537, 2048 bits) and encrypts the
 * private key under the password, readable by the seed client's `load_der_private_key(data, password)`.
 */
export async function generateAccountKeys(
  password: string,
  scrypt: Pkcs8ScryptParams = DEFAULT_ACCOUNT_KEY_SCRYPT,
): Promise<AccountKeyPair> {
  const { publicKey, privateKey } = await generateRsaKeyPair();
  const encryptedPrivateKey = await encryptPkcs8(privateKey, password, scrypt);
  privateKey.fill(0);
  return { encryptedPrivateKey, publicKey };
}

const RSA_BITS = 2048;
const RSA_EXPONENT = 65537;

/** An RSA key pair as DER, on the password pool job's low-priority worker thread when it has one. */
function generateRsaKeyPair(): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  const worker = currentPasswordWorker();
  if (worker !== undefined) return worker.rsa(RSA_BITS, RSA_EXPONENT);
  return new Promise<{ publicKey: Buffer; privateKey: Buffer }>((resolve, reject) =>
    generateKeyPair(
      'rsa',
      {
        modulusLength: RSA_BITS,
        publicExponent: RSA_EXPONENT,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      },
      (error, publicDer, privateDer) =>
        error === null ? resolve({ publicKey: publicDer, privateKey: privateDer }) : reject(error),
    ),
  );
}

/**
 * Decrypts an account's stored private key with its password, whichever PBES2 form it is stored in.
 * Runs the key derivation on this thread: for clients and tools. Throws Pkcs8Error: WRONG_PASSWORD,
 * MALFORMED, UNSUPPORTED or OVER_LIMIT (the limits bound the DER size and the derivation's cost).
 */
export function decryptAccountKey(
  encryptedPrivateKey: Uint8Array,
  password: string,
  limits: Readonly<Pkcs8ReadLimits> = DEFAULT_PKCS8_READ_LIMITS,
): KeyObject {
  return loadPlainKey(decryptPkcs8Sync(encryptedPrivateKey, password, limits));
}

/** decryptAccountKey with the key derivation on the thread pool (for the server). */
export async function decryptAccountKeyAsync(
  encryptedPrivateKey: Uint8Array,
  password: string,
  limits: Readonly<Pkcs8ReadLimits> = DEFAULT_PKCS8_READ_LIMITS,
): Promise<KeyObject> {
  return loadPlainKey(await decryptPkcs8(encryptedPrivateKey, password, limits));
}

function loadPlainKey(plain: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } catch (error) {
    // CBC padding can come out valid by chance (about 1 in 256) under a wrong password.
    throw wrongPassword(error);
  } finally {
    plain.fill(0);
  }
}

/**
 * True when a stored key should be re-encrypted at the next login: it uses PBKDF2 (the older rows), or
 * scrypt cheaper than `scrypt`. False for keys that cannot be read at all (they are left alone).
 */
export function accountKeyNeedsUpgrade(
  encryptedPrivateKey: Uint8Array,
  scrypt: Pkcs8ScryptParams = DEFAULT_ACCOUNT_KEY_SCRYPT,
): boolean {
  let stored: ReturnType<typeof readPkcs8Encryption>;
  try {
    stored = readPkcs8Encryption(encryptedPrivateKey);
  } catch {
    return false;
  }
  const { kdf } = stored;
  if (kdf.kind !== 'scrypt' || stored.keyLength !== 32) return true;
  return kdf.N * kdf.r * kdf.p < scrypt.N * scrypt.r * scrypt.p || kdf.N * kdf.r < scrypt.N * scrypt.r;
}

/**
 * Decrypts a stored key with the password and encrypts it again with scrypt at `scrypt` cost, after
 * checking that it still belongs to `publicKey` (SPKI DER). Throws Pkcs8Error if it cannot be read.
 */
export async function reencryptAccountKey(
  encryptedPrivateKey: Uint8Array,
  publicKey: Uint8Array,
  password: string,
  scrypt: Pkcs8ScryptParams = DEFAULT_ACCOUNT_KEY_SCRYPT,
): Promise<Buffer> {
  const plain = await decryptPkcs8(encryptedPrivateKey, password);
  try {
    const key = loadPlainKey(Buffer.from(plain));
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    if (spki.length !== publicKey.length || !timingSafeEqual(spki, publicKey))
      throw new Pkcs8Error(
        Pkcs8ErrorCode.MALFORMED,
        "The stored private key does not match the account's public key.",
      );
    return await encryptPkcs8(plain, password, scrypt);
  } finally {
    plain.fill(0);
  }
}

/** Loads a stored SubjectPublicKeyInfo DER public key. */
export function loadPublicKey(der: Buffer): KeyObject {
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}
