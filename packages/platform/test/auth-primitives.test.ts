// Password hashing, tokens and account keys on their own.
import { describe, expect, it } from 'vitest';
import { decryptAccountKey, generateAccountKeys, loadPublicKey } from '../src/auth/account-keys.ts';
import { hashPassword, verifyPassword } from '../src/auth/passwords.ts';
import { looksLikeJwt, TokenService } from '../src/auth/tokens.ts';

describe('passwords', () => {
  it('hashes with scrypt and a random salt; verifies only the right password', async () => {
    const hash = await hashPassword('ItsAMe123');
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await hashPassword('ItsAMe123')).not.toBe(hash);
    expect(await verifyPassword('ItsAMe123', hash)).toBe(true);
    expect(await verifyPassword('itsame123', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('treats malformed or absurd stored hashes as a mismatch instead of throwing or exhausting memory', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1$1$1$AA==$AA==',
      'scrypt$1073741824$8$1$AA==$AA==',
      'bcrypt$x$y$z$a$b',
    ]) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });
});

describe('tokens', () => {
  it('issues HS256 tokens with id and exp, valid until they expire', async () => {
    let now = Date.UTC(2026, 0, 1);
    const tokens = new TokenService('secret-one-0123456789', 600, () => now);
    const token = await tokens.issue(42);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ id: 42, iat: now / 1000, exp: now / 1000 + 600 });
    expect(await tokens.verify(token)).toBe(42);
    now += 600_000;
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await new TokenService('secret-two-0123456789', 600).verify(token)).toBeUndefined();
    expect(await tokens.verify('not a token')).toBeUndefined();
  });

  it('recognises the shape of a JWT', () => {
    expect(looksLikeJwt('aaa.bbb.ccc')).toBe(true);
    expect(looksLikeJwt('Mario')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
  });
});

describe('account keys', () => {
  it('generates RSA-2048 keys whose private half decrypts only with the password', async () => {
    const keys = await generateAccountKeys('green-plumber');
    const privateKey = decryptAccountKey(keys.encryptedPrivateKey, 'green-plumber');
    expect(privateKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    expect(loadPublicKey(keys.publicKey).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(() => decryptAccountKey(keys.encryptedPrivateKey, 'red-plumber')).toThrow();
    // PBES2 (OID 1.2.840.113549.1.5.13) encrypted PKCS#8, not a plain key.
    expect(keys.encryptedPrivateKey.includes(Buffer.from('2a864886f70d01050d', 'hex'))).toBe(true);
  });
});
