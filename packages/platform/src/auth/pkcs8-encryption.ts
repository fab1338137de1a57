// PKCS#8 EncryptedPrivateKeyInfo (RFC 5958) with PBES2 (RFC 8018): written with scrypt (RFC 7914) and
// AES-256-CBC; read with scrypt or PBKDF2 (the older rows), every cost bounded before any work is done.
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { derInteger, derOctetString, derOid, derSequence } from './der.ts';
import { pbkdf2OnPasswordWorker, scryptOnPasswordWorker } from './password-kdf.ts';
import {
  AES_CBC_IV_BYTES,
  DEFAULT_PKCS8_READ_LIMITS,
  type Pkcs8EncryptionParams,
  Pkcs8Error,
  Pkcs8ErrorCode,
  Pkcs8Oid,
  type Pkcs8ReadLimits,
  type Pkcs8ScryptParams,
  readPkcs8Encryption,
  scryptMemoryBytes,
} from './pkcs8-reader.ts';

const SALT_BYTES = 16;

/**
 * Encodes `pkcs8` (a plain PrivateKeyInfo DER) as an EncryptedPrivateKeyInfo: PBES2 with scrypt
 * (16-byte random salt) and AES-256-CBC (random IV). Runs scrypt on the thread pool.
 */
export async function encryptPkcs8(
  pkcs8: Uint8Array,
  password: string,
  params: Pkcs8ScryptParams,
): Promise<Buffer> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(AES_CBC_IV_BYTES);
  const key = await scryptOnPasswordWorker(password, salt, 32, scryptOptions(params));
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const kdf = derSequence(
    derOid(Pkcs8Oid.SCRYPT),
    derSequence(derOctetString(salt), derInteger(params.N), derInteger(params.r), derInteger(params.p)),
  );
  const scheme = derSequence(derOid(Pkcs8Oid.AES_256_CBC), derOctetString(iv));
  return derSequence(
    derSequence(derOid(Pkcs8Oid.PBES2), derSequence(kdf, scheme)),
    derOctetString(ciphertext),
  );
}

/** Decrypts to the plain PrivateKeyInfo DER, deriving the key on the thread pool. */
export async function decryptPkcs8(
  der: Uint8Array,
  password: string,
  limits: Readonly<Pkcs8ReadLimits> = DEFAULT_PKCS8_READ_LIMITS,
): Promise<Buffer> {
  const params = readPkcs8Encryption(der, limits);
  const { kdf, keyLength } = params;
  const key =
    kdf.kind === 'scrypt'
      ? await scryptOnPasswordWorker(password, kdf.salt, keyLength, scryptOptions(kdf))
      : await pbkdf2OnPasswordWorker(password, kdf.salt, kdf.iterations, keyLength, kdf.digest);
  return decipher(params, key);
}

/** Decrypts to the plain PrivateKeyInfo DER on this thread (for clients and tools, not the server). */
export function decryptPkcs8Sync(
  der: Uint8Array,
  password: string,
  limits: Readonly<Pkcs8ReadLimits> = DEFAULT_PKCS8_READ_LIMITS,
): Buffer {
  const params = readPkcs8Encryption(der, limits);
  const { kdf, keyLength } = params;
  const key =
    kdf.kind === 'scrypt'
      ? scryptSync(password, kdf.salt, keyLength, scryptOptions(kdf))
      : pbkdf2Sync(password, kdf.salt, kdf.iterations, keyLength, kdf.digest);
  return decipher(params, key);
}

function decipher(params: Pkcs8EncryptionParams, key: Buffer): Buffer {
  try {
    const decipherer = createDecipheriv(params.cipher, key, params.iv);
    return Buffer.concat([decipherer.update(params.ciphertext), decipherer.final()]);
  } catch (error) {
    // Bad padding: with CBC this is what a wrong password looks like.
    throw wrongPassword(error);
  }
}

/** The error for a password that does not decrypt the key. */
export function wrongPassword(cause?: unknown): Pkcs8Error {
  return new Pkcs8Error(Pkcs8ErrorCode.WRONG_PASSWORD, undefined, { cause });
}

function scryptOptions(params: Pkcs8ScryptParams): { N: number; r: number; p: number; maxmem: number } {
  return { N: params.N, r: params.r, p: params.p, maxmem: scryptMemoryBytes(params) + 1024 * 1024 };
}
