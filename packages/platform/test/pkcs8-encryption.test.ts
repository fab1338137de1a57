// PBES2 PKCS#8 encryption on its own: the DER it writes, the forms it reads, and the limits on hostile rows.
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AsnParser } from '@peculiar/asn1-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DerError,
  DerReader,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
} from '../src/auth/der.ts';
import { decryptPkcs8, decryptPkcs8Sync, encryptPkcs8 } from '../src/auth/pkcs8-encryption.ts';
import {
  DEFAULT_PKCS8_READ_LIMITS,
  Pkcs8Error,
  Pkcs8Oid,
  readPkcs8Encryption,
} from '../src/auth/pkcs8-reader.ts';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 } as const;
const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const plain = rsa.export({ format: 'der', type: 'pkcs8' });

/** An EncryptedPrivateKeyInfo with any KDF/cipher parameters (the ciphertext is random). */
function handmade(
  kdf: Buffer,
  cipher = derSequence(derOid(Pkcs8Oid.AES_256_CBC), derOctetString(randomBytes(16))),
) {
  return derSequence(
    derSequence(derOid(Pkcs8Oid.PBES2), derSequence(kdf, cipher)),
    derOctetString(randomBytes(64)),
  );
}
const scryptKdf = (N: number, r: number, p: number, ...extra: Buffer[]) =>
  derSequence(
    derOid(Pkcs8Oid.SCRYPT),
    derSequence(derOctetString(randomBytes(16)), derInteger(N), derInteger(r), derInteger(p), ...extra),
  );
const pbkdf2Kdf = (iterations: number) =>
  derSequence(
    derOid(Pkcs8Oid.PBKDF2),
    derSequence(
      derOctetString(randomBytes(16)),
      derInteger(iterations),
      derSequence(derOid(Pkcs8Oid.HMAC_SHA256), derNull()),
    ),
  );
function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof Pkcs8Error ? error.code : `not a Pkcs8Error: ${String(error)}`;
  }
  return 'no error';
}

describe('DER writer and reader', () => {
  it('round-trips integers and object identifiers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (value) => {
        expect(new DerReader(derInteger(value)).integer('n', 2 ** 40)).toBe(value);
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 32 }), { maxLength: 6 }),
        (first, second, rest) => {
          const dotted = [first, second, ...rest].join('.');
          expect(new DerReader(derOid(dotted)).oid('oid')).toBe(dotted);
        },
      ),
    );
    expect(derOid(Pkcs8Oid.PBES2).toString('hex')).toBe('06092a864886f70d01050d');
    expect(derOid(Pkcs8Oid.SCRYPT).toString('hex')).toBe('06092b06010401da47040b');
    expect(derInteger(128).toString('hex')).toBe('02020080');
    expect(derOctetString(Buffer.alloc(200)).subarray(0, 3).toString('hex')).toBe('0481c8');
  });

  it('refuses non-minimal, indefinite, truncated and overlong encodings', () => {
    const bad: Array<[string, (reader: DerReader) => unknown]> = [
      ['0481050102030405', (r) => r.octetString('x')], // long form for a short length
      ['048000', (r) => r.octetString('x')], // indefinite length
      ['0405010203', (r) => r.octetString('x')], // runs past the end
      ['04', (r) => r.octetString('x')], // no length
      ['02020001', (r) => r.integer('x', 1000)], // leading zero
      ['0201ff', (r) => r.integer('x', 1000)], // negative
      ['020103', (r) => r.integer('x', 2)], // over the caller's maximum
      ['020601000000', (r) => r.integer('x', 2 ** 40)], // truncated
      ['02070100000000000000', (r) => r.integer('x', 2 ** 40)], // 7 bytes
      ['0603808001', (r) => r.oid('x')], // non-minimal arc
      ['06022a86', (r) => r.oid('x')], // truncated arc
      ['050100', (r) => r.null('x')],
      ['0400', (r) => r.integer('x', 1)], // wrong tag
    ];
    for (const [hex, read] of bad)
      expect(() => read(new DerReader(Buffer.from(hex, 'hex'))), hex).toThrow(DerError);
    const trailing = new DerReader(Buffer.from('040000', 'hex'));
    trailing.octetString('x');
    expect(() => trailing.end('x')).toThrow(DerError);
  });
});

describe('encryptPkcs8', () => {
  it('writes PBES2 with scrypt and AES-256-CBC, which OpenSSL 3 (node:crypto) and @peculiar/asn1-pkcs8 read', async () => {
    const der = await encryptPkcs8(plain, 'ünïcode pass', CHEAP);
    const parsed = AsnParser.parse(der, EncryptedPrivateKeyInfo);
    expect(parsed.encryptionAlgorithm.algorithm).toBe(Pkcs8Oid.PBES2);
    const read = readPkcs8Encryption(der);
    expect(read.kdf).toMatchObject({ kind: 'scrypt', ...CHEAP });
    expect(read.kdf.salt.length).toBe(16);
    expect(read.cipher).toBe('aes-256-cbc');
    expect(parsed.encryptedData.byteLength).toBe(read.ciphertext.length);
    const viaOpenSsl = createPrivateKey({
      key: der,
      format: 'der',
      type: 'pkcs8',
      passphrase: 'ünïcode pass',
    });
    expect(viaOpenSsl.export({ format: 'der', type: 'pkcs8' }).equals(plain)).toBe(true);
    expect(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: 'wrong' })).toThrow();
    expect((await decryptPkcs8(der, 'ünïcode pass')).equals(plain)).toBe(true);
    expect(decryptPkcs8Sync(der, 'ünïcode pass').equals(plain)).toBe(true);
  });

  it('uses a fresh salt and IV every time', async () => {
    const [a, b] = await Promise.all([encryptPkcs8(plain, 'pw', CHEAP), encryptPkcs8(plain, 'pw', CHEAP)]);
    expect(Buffer.from(readPkcs8Encryption(a).kdf.salt).equals(readPkcs8Encryption(b).kdf.salt)).toBe(false);
    expect(Buffer.from(readPkcs8Encryption(a).iv).equals(readPkcs8Encryption(b).iv)).toBe(false);
  });
});

describe('decryptPkcs8', () => {
  it("reads Node's own PBES2/PBKDF2 output (the older stored form) for each AES key size", async () => {
    for (const cipher of ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc']) {
      const der = rsa.export({ format: 'der', type: 'pkcs8', cipher, passphrase: 'old pass' });
      expect(readPkcs8Encryption(der).kdf).toMatchObject({
        kind: 'pbkdf2',
        iterations: 2048,
        digest: 'sha256',
      });
      expect((await decryptPkcs8(der, 'old pass')).equals(plain)).toBe(true);
      expect(decryptPkcs8Sync(der, 'old pass').equals(plain)).toBe(true);
    }
  });

  it('reports a wrong password as WRONG_PASSWORD with a sentence', async () => {
    const der = await encryptPkcs8(plain, 'right', CHEAP);
    await expect(decryptPkcs8(der, 'wrong')).rejects.toMatchObject({
      code: 'PC_KEY_WRONG_PASSWORD',
      message: 'The account key could not be decrypted: the password is wrong.',
    });
  });

  it('refuses DER over the size cap before parsing it (the cap is an option)', () => {
    expect(codeOf(() => readPkcs8Encryption(Buffer.alloc(DEFAULT_PKCS8_READ_LIMITS.maxDerBytes + 1)))).toBe(
      'PC_KEY_OVER_LIMIT',
    );
    const der = handmade(scryptKdf(2 ** 10, 8, 1));
    expect(codeOf(() => readPkcs8Encryption(der))).toBe('no error');
    expect(codeOf(() => readPkcs8Encryption(der, { ...DEFAULT_PKCS8_READ_LIMITS, maxDerBytes: 100 }))).toBe(
      'PC_KEY_OVER_LIMIT',
    );
  });

  it('refuses absurd KDF costs from a tampered row before deriving anything', async () => {
    for (const kdf of [
      scryptKdf(2 ** 20, 8, 1), // 1 GiB
      scryptKdf(2 ** 14, 8, 2 ** 20), // 2^34 work
      scryptKdf(2 ** 16, 8, 64), // 64 MiB but 2^25 work
      pbkdf2Kdf(2 ** 31),
      pbkdf2Kdf(DEFAULT_PKCS8_READ_LIMITS.maxPbkdf2Iterations + 1),
    ]) {
      const der = handmade(kdf);
      expect(codeOf(() => readPkcs8Encryption(der))).toBe('PC_KEY_OVER_LIMIT');
      // The password is never tried: the same error comes back straight away.
      await expect(decryptPkcs8(der, 'pw')).rejects.toMatchObject({ code: 'PC_KEY_OVER_LIMIT' });
      expect(codeOf(() => decryptPkcs8Sync(der, 'pw'))).toBe('PC_KEY_OVER_LIMIT');
    }
    const strict = { ...DEFAULT_PKCS8_READ_LIMITS, maxScryptWork: 2 ** 12, maxPbkdf2Iterations: 1000 };
    expect(codeOf(() => readPkcs8Encryption(handmade(scryptKdf(2 ** 10, 8, 1)), strict))).toBe(
      'PC_KEY_OVER_LIMIT',
    );
    expect(codeOf(() => readPkcs8Encryption(handmade(pbkdf2Kdf(2048)), strict))).toBe('PC_KEY_OVER_LIMIT');
  });

  it('refuses invalid parameters and unknown algorithms with MALFORMED or UNSUPPORTED', () => {
    const cases: Array<[string, Buffer]> = [
      ['PC_KEY_MALFORMED', handmade(scryptKdf(1000, 8, 1))], // N not a power of two
      ['PC_KEY_MALFORMED', handmade(scryptKdf(2 ** 10, 0, 1))],
      ['PC_KEY_MALFORMED', handmade(scryptKdf(2 ** 10, 8, 1, derInteger(64)))], // keyLength ≠ 32
      ['PC_KEY_MALFORMED', handmade(pbkdf2Kdf(0))],
      [
        'PC_KEY_MALFORMED',
        handmade(
          scryptKdf(2 ** 10, 8, 1),
          derSequence(derOid(Pkcs8Oid.AES_256_CBC), derOctetString(randomBytes(8))),
        ),
      ],
      [
        'PC_KEY_UNSUPPORTED',
        handmade(
          scryptKdf(2 ** 10, 8, 1),
          derSequence(derOid('1.2.840.113549.3.7'), derOctetString(randomBytes(8))),
        ),
      ],
      ['PC_KEY_UNSUPPORTED', handmade(derSequence(derOid('1.2.3.4'), derNull()))],
      [
        'PC_KEY_UNSUPPORTED',
        derSequence(
          derSequence(derOid('1.2.840.113549.1.12.1.3'), derSequence()),
          derOctetString(randomBytes(16)),
        ),
      ],
      ['PC_KEY_MALFORMED', Buffer.concat([handmade(scryptKdf(2 ** 10, 8, 1)), Buffer.from([0])])],
      ['PC_KEY_MALFORMED', Buffer.from(plain)], // an unencrypted PrivateKeyInfo
      ['PC_KEY_MALFORMED', Buffer.alloc(0)],
    ];
    for (const [code, der] of cases)
      expect(
        codeOf(() => readPkcs8Encryption(der)),
        der.toString('hex'),
      ).toBe(code);
  });

  it('answers any corruption of a stored key with a Pkcs8Error, never another exception', async () => {
    const der = await encryptPkcs8(plain, 'pw', CHEAP);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(der.length),
        (edits, cut) => {
          const mutated = Buffer.from(der.subarray(0, Math.max(cut, 1)));
          for (const [at, value] of edits) if (at < mutated.length) mutated[at] = value;
          const code = codeOf(() => readPkcs8Encryption(mutated));
          expect(['no error', 'PC_KEY_MALFORMED', 'PC_KEY_UNSUPPORTED', 'PC_KEY_OVER_LIMIT']).toContain(code);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(codeOf(() => readPkcs8Encryption(bytes))).not.toMatch(/^not a Pkcs8Error/);
      }),
      { numRuns: 2000 },
    );
  });
});
