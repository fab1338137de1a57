// Parses PKCS#8 EncryptedPrivateKeyInfo (RFC 5958) with PBES2 (RFC 8018), scrypt or PBKDF2 and AES-CBC,
// checking its size and key-derivation cost against limits before anything is derived.
import { DerReader, DerTag } from './der.ts';
import { DerError, Pkcs8Error, Pkcs8ErrorCode } from './key-errors.ts';

/** Object identifiers of the algorithms PBES2 keys here use. */
export const Pkcs8Oid = {
  PBES2: '1.2.840.113549.1.5.13',
  PBKDF2: '1.2.840.113549.1.5.12',
  SCRYPT: '1.3.6.1.4.1.11591.4.11',
  HMAC_SHA1: '1.2.840.113549.2.7',
  HMAC_SHA224: '1.2.840.113549.2.8',
  HMAC_SHA256: '1.2.840.113549.2.9',
  HMAC_SHA384: '1.2.840.113549.2.10',
  HMAC_SHA512: '1.2.840.113549.2.11',
  AES_128_CBC: '2.16.840.1.101.3.4.1.2',
  AES_192_CBC: '2.16.840.1.101.3.4.1.22',
  AES_256_CBC: '2.16.840.1.101.3.4.1.42',
} as const;

const DIGEST_BY_PRF: Readonly<Record<string, string>> = {
  [Pkcs8Oid.HMAC_SHA1]: 'sha1',
  [Pkcs8Oid.HMAC_SHA224]: 'sha224',
  [Pkcs8Oid.HMAC_SHA256]: 'sha256',
  [Pkcs8Oid.HMAC_SHA384]: 'sha384',
  [Pkcs8Oid.HMAC_SHA512]: 'sha512',
};
const CIPHER_BY_OID: Readonly<Record<string, { name: string; keyLength: number }>> = {
  [Pkcs8Oid.AES_128_CBC]: { name: 'aes-128-cbc', keyLength: 16 },
  [Pkcs8Oid.AES_192_CBC]: { name: 'aes-192-cbc', keyLength: 24 },
  [Pkcs8Oid.AES_256_CBC]: { name: 'aes-256-cbc', keyLength: 32 },
};

/** scrypt cost: N (CPU/memory cost, a power of two), r (block size), p (parallelisation). */
export interface Pkcs8ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** How a stored key's encryption key is derived from the password. */
type Pkcs8Kdf =
  | ({ kind: 'scrypt'; salt: Uint8Array } & Pkcs8ScryptParams)
  | { kind: 'pbkdf2'; salt: Uint8Array; iterations: number; digest: string };

/** A parsed EncryptedPrivateKeyInfo: everything needed to decrypt it once the password is known. */
export interface Pkcs8EncryptionParams {
  kdf: Pkcs8Kdf;
  cipher: string;
  keyLength: number;
  iv: Uint8Array;
  ciphertext: Uint8Array;
}

/** Bounds on what a stored key may ask for, so a tampered row cannot exhaust memory or CPU. */
export interface Pkcs8ReadLimits {
  /** Largest EncryptedPrivateKeyInfo accepted, in bytes (an encrypted RSA-4096 key is about 2.5 KB). */
  maxDerBytes: number;
  /** Largest scrypt memory, 128·N·r bytes. */
  maxScryptMemoryBytes: number;
  /** Largest scrypt work, N·r·p (the default key cost is 655,360). */
  maxScryptWork: number;
  /** Largest PBKDF2 iteration count. */
  maxPbkdf2Iterations: number;
}

/** Default read limits: 8 KiB of DER, scrypt up to 64 MiB and 2^23 work (about 13× the default cost), 5M PBKDF2 rounds. */
export const DEFAULT_PKCS8_READ_LIMITS: Readonly<Pkcs8ReadLimits> = {
  maxDerBytes: 8 * 1024,
  maxScryptMemoryBytes: 64 * 1024 * 1024,
  maxScryptWork: 2 ** 23,
  maxPbkdf2Iterations: 5_000_000,
};

/** Why an encrypted key could not be read: the PC_KEY catalogue (key-errors.ts), re-exported here. */
export { Pkcs8Error, Pkcs8ErrorCode, type Pkcs8ErrorCodeValue } from './key-errors.ts';

/** AES-CBC's IV length. */
export const AES_CBC_IV_BYTES = 16;
/** Salts longer than this are refused on reading (RFC 8018 recommends at least 8 bytes; we write 16). */
const MAX_SALT_BYTES = 64;

/** Memory scrypt needs for these parameters as OpenSSL counts it (its V array plus B). */
export function scryptMemoryBytes({ N, r, p }: Pkcs8ScryptParams): number {
  return 128 * r * (N + 2) + 128 * r * p;
}

/**
 * Parses an EncryptedPrivateKeyInfo and checks it against the limits, without deriving anything.
 * Throws Pkcs8Error (MALFORMED, UNSUPPORTED or OVER_LIMIT).
 */
export function readPkcs8Encryption(
  der: Uint8Array,
  limits: Readonly<Pkcs8ReadLimits> = DEFAULT_PKCS8_READ_LIMITS,
): Pkcs8EncryptionParams {
  if (der.length > limits.maxDerBytes) {
    throw new Pkcs8Error(
      Pkcs8ErrorCode.OVER_LIMIT,
      `The encrypted key is ${der.length} bytes, more than the ${limits.maxDerBytes} allowed.`,
    );
  }
  try {
    return parse(der, limits);
  } catch (error) {
    if (error instanceof DerError) {
      throw new Pkcs8Error(
        Pkcs8ErrorCode.MALFORMED,
        `The encrypted key is not valid PKCS#8 DER (${error.message})`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function parse(der: Uint8Array, limits: Readonly<Pkcs8ReadLimits>): Pkcs8EncryptionParams {
  const outer = new DerReader(der);
  const info = outer.sequence('EncryptedPrivateKeyInfo');
  outer.end('EncryptedPrivateKeyInfo');
  const algorithm = info.sequence('encryptionAlgorithm');
  const scheme = algorithm.oid('encryptionAlgorithm');
  if (scheme !== Pkcs8Oid.PBES2) unsupported(`encryption scheme ${scheme} (only PBES2 is read)`);
  const pbes2 = algorithm.sequence('PBES2-params');
  algorithm.end('encryptionAlgorithm');
  const ciphertext = info.octetString('encryptedData');
  info.end('EncryptedPrivateKeyInfo');

  const kdfAlgorithm = pbes2.sequence('keyDerivationFunc');
  const encryption = pbes2.sequence('encryptionScheme');
  pbes2.end('PBES2-params');
  const cipherOid = encryption.oid('encryptionScheme');
  const cipher = CIPHER_BY_OID[cipherOid];
  if (cipher === undefined) unsupported(`cipher ${cipherOid} (only AES-CBC is read)`);
  const iv = encryption.octetString('AES-CBC IV');
  encryption.end('encryptionScheme');
  if (iv.length !== AES_CBC_IV_BYTES)
    throw new DerError(`the AES-CBC IV is ${iv.length} bytes, not ${AES_CBC_IV_BYTES}`);
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0)
    throw new DerError('the encrypted data is not whole AES blocks');

  const kdfOid = kdfAlgorithm.oid('keyDerivationFunc');
  const kdf =
    kdfOid === Pkcs8Oid.SCRYPT
      ? readScrypt(kdfAlgorithm.sequence('scrypt-params'), cipher.keyLength, limits)
      : kdfOid === Pkcs8Oid.PBKDF2
        ? readPbkdf2(kdfAlgorithm.sequence('PBKDF2-params'), cipher.keyLength, limits)
        : unsupported(`key derivation ${kdfOid} (only scrypt and PBKDF2 are read)`);
  kdfAlgorithm.end('keyDerivationFunc');
  return { kdf, cipher: cipher.name, keyLength: cipher.keyLength, iv, ciphertext };
}

function readSalt(reader: DerReader): Uint8Array {
  const salt = reader.octetString('salt');
  if (salt.length === 0 || salt.length > MAX_SALT_BYTES)
    throw new DerError(`the salt is ${salt.length} bytes (1 to ${MAX_SALT_BYTES} are read)`);
  return salt;
}

function readKeyLength(reader: DerReader, keyLength: number): void {
  // Optional; when present it must be what the cipher needs (a longer one would only cost more work).
  if (reader.peekTag() === DerTag.INTEGER && reader.integer('keyLength', 1024) !== keyLength)
    throw new DerError(`keyLength does not match the cipher's ${keyLength} bytes`);
}

function readScrypt(reader: DerReader, keyLength: number, limits: Readonly<Pkcs8ReadLimits>): Pkcs8Kdf {
  const salt = readSalt(reader);
  const N = reader.integer('scrypt costParameter', 2 ** 40);
  const r = reader.integer('scrypt blockSize', 2 ** 30);
  const p = reader.integer('scrypt parallelizationParameter', 2 ** 30);
  readKeyLength(reader, keyLength);
  reader.end('scrypt-params');
  if (N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 30 || r < 1 || p < 1)
    throw new DerError(`scrypt N=${N}, r=${r}, p=${p} are not valid scrypt parameters`);
  const params = { N, r, p };
  if (scryptMemoryBytes(params) > limits.maxScryptMemoryBytes || N * r * p > limits.maxScryptWork) {
    throw new Pkcs8Error(
      Pkcs8ErrorCode.OVER_LIMIT,
      `The encrypted key asks for scrypt N=${N}, r=${r}, p=${p}, costlier than this server accepts.`,
    );
  }
  return { kind: 'scrypt', salt, ...params };
}

function readPbkdf2(reader: DerReader, keyLength: number, limits: Readonly<Pkcs8ReadLimits>): Pkcs8Kdf {
  const salt = readSalt(reader);
  const iterations = reader.integer('PBKDF2 iterationCount', 2 ** 40);
  if (iterations < 1) throw new DerError('PBKDF2 iterationCount is 0');
  readKeyLength(reader, keyLength);
  let digest = 'sha1';
  if (!reader.done) {
    const prf = reader.sequence('PBKDF2 prf');
    const prfOid = prf.oid('PBKDF2 prf');
    if (!prf.done) prf.null('PBKDF2 prf parameters');
    prf.end('PBKDF2 prf');
    digest = DIGEST_BY_PRF[prfOid] ?? unsupported(`PBKDF2 pseudo-random function ${prfOid}`);
  }
  reader.end('PBKDF2-params');
  if (iterations > limits.maxPbkdf2Iterations) {
    throw new Pkcs8Error(
      Pkcs8ErrorCode.OVER_LIMIT,
      `The encrypted key asks for ${iterations} PBKDF2 iterations, more than the ${limits.maxPbkdf2Iterations} this server accepts.`,
    );
  }
  return { kind: 'pbkdf2', salt, iterations, digest };
}

function unsupported(what: string): never {
  throw new Pkcs8Error(Pkcs8ErrorCode.UNSUPPORTED, `The encrypted key uses an unsupported ${what}.`);
}
