// Password hashing, tokens and account keys on their own.
import { createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { decryptAccountKey, generateAccountKeys, loadPublicKey } from '../src/auth/account-keys.ts';
import { PasswordPool } from '../src/auth/password-pool.ts';
import { hashPassword, verifyPassword } from '../src/auth/passwords.ts';
import { looksLikeJwt, TokenService } from '../src/auth/tokens.ts';
import { loadConfig } from '../src/config.ts';

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

  it('finding 1: verifies synchronously (never queues behind password hashing) and checks alg, exp, iat', async () => {
    const now = Date.UTC(2026, 0, 1);
    const secret = 'secret-one-0123456789';
    const tokens = new TokenService(secret, 600, () => now);
    const token = await tokens.issue(7);
    const result = tokens.verify(token);
    expect((result as unknown) instanceof Promise, 'verify() returned a Promise').toBe(false);
    expect(result).toBe(7);
    const sign = (header: object, claims: object) => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const body = `${encode(header)}.${encode(claims)}`;
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    const seconds = now / 1000;
    const hs256 = { alg: 'HS256', typ: 'JWT' };
    expect(tokens.verify(sign(hs256, { id: 7, iat: seconds, exp: seconds + 60 }))).toBe(7);
    for (const [header, claims] of [
      [hs256, { id: 7, iat: seconds }],
      [hs256, { id: 7, iat: seconds, exp: seconds }],
      [hs256, { id: 7, iat: seconds, exp: String(seconds + 60) }],
      [hs256, { id: 7, iat: seconds + 3600, exp: seconds + 7200 }],
      [hs256, { id: 7, iat: 'now', exp: seconds + 60 }],
      [hs256, { id: '7', iat: seconds, exp: seconds + 60 }],
      [hs256, { id: 7, nbf: seconds + 30, exp: seconds + 60 }],
      [
        { alg: 'HS512', typ: 'JWT' },
        { id: 7, exp: seconds + 60 },
      ],
      [{ alg: 'none' }, { id: 7, exp: seconds + 60 }],
      [
        { alg: 'HS256', crit: ['b64'] },
        { id: 7, exp: seconds + 60 },
      ],
    ] as const) {
      expect(tokens.verify(sign(header, claims)), JSON.stringify([header, claims])).toBeUndefined();
    }
    // Signature with padding or a changed last character is not the canonical encoding of the MAC.
    expect(tokens.verify(`${token}=`)).toBeUndefined();
    expect(tokens.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
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

describe('password pool', () => {
  it('runs at most `concurrency` jobs, queues up to `queue`, refuses the rest at once with 429 + Retry-After', async () => {
    const pool = new PasswordPool({ concurrency: 2, queue: 1 });
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const job = () =>
      pool.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((open) => gates.push(open));
        running -= 1;
        return 'done';
      });
    const accepted = [job(), job(), job()];
    expect(pool.stats()).toEqual({ active: 2, queued: 1, rejected: 0, expired: 0 });
    expect(pool.full).toBe(true);
    await expect(job()).rejects.toMatchObject({
      status: 429,
      key: 'RATE_LIMITED',
      headers: { 'retry-after': '1' },
    });
    expect(pool.stats().rejected).toBe(1);
    while (gates.length > 0 || running > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done']);
    expect(most).toBe(2);
    expect(pool.stats()).toEqual({ active: 0, queued: 0, rejected: 1, expired: 0 });
  });

  it('a failing job frees its slot', async () => {
    const pool = new PasswordPool({ concurrency: 1, queue: 0 });
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(async () => 1)).toBe(1);
  });

  it('is configured by PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE (defaults 2, 1 on 2 cores, and 16), lockout options too', () => {
    expect(loadConfig({})).toMatchObject({
      passwordHashConcurrency: Math.min(2, Math.max(1, availableParallelism() - 1)),
      passwordHashQueue: 16,
      lockoutAttempts: 3,
      lockoutTime: 60,
      accountLockoutAttempts: 20,
      accountBackoffTime: 1,
      accountBackoffMaxTime: 300,
      trustedSourceTime: 30 * 24 * 3600,
    });
    expect(
      loadConfig({
        PASSWORD_HASH_CONCURRENCY: '3',
        PASSWORD_HASH_QUEUE: '0',
        ACCOUNT_LOCKOUT_ATTEMPTS: '50',
        ACCOUNT_BACKOFF_TIME: '2',
        ACCOUNT_BACKOFF_MAX_TIME: '600',
        TRUSTED_SOURCE_TIME: '0',
      }),
    ).toMatchObject({
      passwordHashConcurrency: 3,
      passwordHashQueue: 0,
      accountLockoutAttempts: 50,
      accountBackoffTime: 2,
      accountBackoffMaxTime: 600,
      trustedSourceTime: 0,
    });
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
  });
});
