// Account keys at the default cost: scrypt-PBES2 that OpenSSL and Python `cryptography` read, older rows, upgrades.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountKeyNeedsUpgrade,
  accountKeyScryptProblem,
  DEFAULT_ACCOUNT_KEY_SCRYPT,
  decryptAccountKey,
  decryptAccountKeyAsync,
  generateAccountKeys,
  reencryptAccountKey,
} from '../src/auth/account-keys.ts';
import { readPkcs8Encryption } from '../src/auth/pkcs8-reader.ts';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

const PASSWORD = 'green-plumber ünïcode';

function whyNoPython(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import cryptography'], { encoding: 'utf8' });
  if (probe.error !== undefined) return 'python3 is not installed';
  if (probe.status !== 0) return 'python3 has no `cryptography` module';
  return undefined;
}
const noPython = whyNoPython();
if (noPython !== undefined) console.log(`skipping the Python cryptography reader test: ${noPython}`);

/** Python `cryptography`'s load_der_private_key, as the seed client calls it; its answer as JSON. */
function readWithPython(der: Buffer, password: string): { modulus?: string; error?: string } {
  const script = [
    'import json, sys',
    'from cryptography.hazmat.primitives.serialization import load_der_private_key',
    'der, password = bytes.fromhex(sys.argv[1]), sys.argv[2].encode()',
    'try:',
    '    key = load_der_private_key(der, password=password)',
    '    print(json.dumps({"modulus": format(key.private_numbers().public_numbers.n, "x")}))',
    'except ValueError as error:',
    '    print(json.dumps({"error": str(error)}))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, der.toString('hex'), password], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function modulusOf(der: Buffer): string {
  const jwk = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return Buffer.from(String(jwk.n), 'base64url').toString('hex').replace(/^0+/, '');
}

/** The form rows were stored in before: Node's PBES2 with PBKDF2 at 2,048 iterations. */
function legacyKeyPair(password: string): { encryptedPrivateKey: Buffer; publicKey: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    encryptedPrivateKey: privateKey.export({
      format: 'der',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: password,
    }),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }),
  };
}

describe('account keys at the default cost', () => {
  let keys: Awaited<ReturnType<typeof generateAccountKeys>>;
  beforeAll(async () => {
    keys = await generateAccountKeys(PASSWORD);
  });

  it('are PBES2 with scrypt N=2^14, r=8, p=5 and AES-256-CBC', () => {
    const stored = readPkcs8Encryption(keys.encryptedPrivateKey);
    expect(stored.kdf).toMatchObject({ kind: 'scrypt', N: 2 ** 14, r: 8, p: 5 });
    expect(stored.cipher).toBe('aes-256-cbc');
    expect(accountKeyScryptProblem(DEFAULT_ACCOUNT_KEY_SCRYPT)).toBeUndefined();
  });

  it("decrypt with node:crypto's own PKCS#8 reader (OpenSSL 3) and with ours, to the RSA-2048 key", async () => {
    const viaOpenSsl = createPrivateKey({
      key: keys.encryptedPrivateKey,
      format: 'der',
      type: 'pkcs8',
      passphrase: PASSWORD,
    });
    expect(viaOpenSsl.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    const ours = decryptAccountKey(keys.encryptedPrivateKey, PASSWORD);
    expect(ours.equals(viaOpenSsl)).toBe(true);
    expect((await decryptAccountKeyAsync(keys.encryptedPrivateKey, PASSWORD)).equals(viaOpenSsl)).toBe(true);
    expect(createPublicKey(ours).export({ format: 'der', type: 'spki' }).equals(keys.publicKey)).toBe(true);
  });

  it('refuse a wrong password with WRONG_PASSWORD and a sentence', async () => {
    const expected = {
      code: 'PC_KEY_WRONG_PASSWORD',
      message: 'The account key could not be decrypted: the password is wrong.',
    };
    expect(() => decryptAccountKey(keys.encryptedPrivateKey, 'red-plumber')).toThrow(
      expect.objectContaining(expected),
    );
    await expect(decryptAccountKeyAsync(keys.encryptedPrivateKey, '')).rejects.toMatchObject(expected);
  });

  it.skipIf(noPython !== undefined)(
    `decrypt with Python cryptography's load_der_private_key, as the seed client does${noPython ? ` (skipped: ${noPython})` : ''}`,
    () => {
      expect(readWithPython(keys.encryptedPrivateKey, PASSWORD)).toEqual({
        modulus: modulusOf(keys.publicKey),
      });
      // A wrong password is refused either way; which sentence depends on whether AES-CBC's padding happens
      // to check out (about 1 key in 256), after which the garbage fails DER parsing instead.
      const wrong = readWithPython(keys.encryptedPrivateKey, 'red-plumber');
      expect(wrong.modulus).toBeUndefined();
      expect(wrong.error).toMatch(/password|deserialize/i);
    },
  );
});

describe('keys stored in the older PBKDF2 form', () => {
  const legacy = legacyKeyPair(PASSWORD);

  it('still decrypt, and are due for an upgrade', () => {
    expect(readPkcs8Encryption(legacy.encryptedPrivateKey).kdf).toMatchObject({
      kind: 'pbkdf2',
      iterations: 2048,
    });
    const key = decryptAccountKey(legacy.encryptedPrivateKey, PASSWORD);
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' }).equals(legacy.publicKey)).toBe(true);
    expect(accountKeyNeedsUpgrade(legacy.encryptedPrivateKey)).toBe(true);
  });

  it('re-encrypt to scrypt: the same key, readable by OpenSSL, no longer due', async () => {
    const upgraded = await reencryptAccountKey(legacy.encryptedPrivateKey, legacy.publicKey, PASSWORD);
    expect(readPkcs8Encryption(upgraded).kdf).toMatchObject({
      kind: 'scrypt',
      ...DEFAULT_ACCOUNT_KEY_SCRYPT,
    });
    expect(accountKeyNeedsUpgrade(upgraded)).toBe(false);
    const key = createPrivateKey({ key: upgraded, format: 'der', type: 'pkcs8', passphrase: PASSWORD });
    expect(key.equals(decryptAccountKey(legacy.encryptedPrivateKey, PASSWORD))).toBe(true);
    if (noPython === undefined) {
      expect(readWithPython(upgraded, PASSWORD)).toEqual({ modulus: modulusOf(legacy.publicKey) });
    }
  });

  it('refuse to re-encrypt under a wrong password or for another public key', async () => {
    await expect(
      reencryptAccountKey(legacy.encryptedPrivateKey, legacy.publicKey, 'wrong'),
    ).rejects.toMatchObject({ code: 'PC_KEY_WRONG_PASSWORD' });
    const other = legacyKeyPair(PASSWORD);
    await expect(
      reencryptAccountKey(legacy.encryptedPrivateKey, other.publicKey, PASSWORD),
    ).rejects.toMatchObject({ code: 'PC_KEY_MALFORMED', message: expect.stringMatching(/public key/) });
  });
});

describe('the account key cost', () => {
  it('marks keys cheaper than the configured cost for an upgrade, and leaves unreadable rows alone', async () => {
    const cheap = await generateAccountKeys(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    expect(accountKeyNeedsUpgrade(cheap.encryptedPrivateKey)).toBe(true);
    expect(accountKeyNeedsUpgrade(cheap.encryptedPrivateKey, { N: 2 ** 10, r: 8, p: 1 })).toBe(false);
    expect(accountKeyNeedsUpgrade(cheap.encryptedPrivateKey, { N: 2 ** 9, r: 8, p: 2 })).toBe(false);
    expect(accountKeyNeedsUpgrade(cheap.encryptedPrivateKey, { N: 2 ** 11, r: 8, p: 1 })).toBe(true);
    expect(accountKeyNeedsUpgrade(Buffer.from('not a key'))).toBe(false);
  });

  it('is a config value, checked: over OpenSSL 32 MiB or not a power of two is refused with a sentence', () => {
    expect(loadConfig({}).accountKeyScrypt).toEqual(DEFAULT_ACCOUNT_KEY_SCRYPT);
    expect(loadConfig({}, { accountKeyScrypt: { N: 2 ** 10, r: 8, p: 1 } }).accountKeyScrypt.N).toBe(1024);
    expect(() => loadConfig({}, { accountKeyScrypt: { N: 2 ** 15, r: 8, p: 1 } })).toThrow(ConfigError);
    expect(() => loadConfig({}, { accountKeyScrypt: { N: 2 ** 15, r: 8, p: 1 } })).toThrow(/32 MiB/);
    expect(() => loadConfig({}, { accountKeyScrypt: { N: 1000, r: 8, p: 1 } })).toThrow(/power of two/);
    expect(accountKeyScryptProblem({ N: 2 ** 14, r: 8, p: 200 })).toMatch(/costlier/);
  });
});
