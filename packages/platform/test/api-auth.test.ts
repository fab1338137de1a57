// inject() tests of /auth/*: happy paths, every error, lockout, bad input — on SQLite and PostgreSQL.
import { createPrivateKey } from 'node:crypto';
import { buildCertificate } from '@paperclip/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptAccountKey } from '../src/auth/account-keys.ts';
import { DIALECTS } from './support/databases.ts';
import {
  basic,
  buildTestApp,
  errorOf,
  registerAndLogin,
  type TestApp,
  tokenAuth,
} from './support/test-app.ts';

describe.each(DIALECTS)('auth API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'api_auth', { lockoutAttempts: 3, lockoutTime: 60, tokenExpiry: 600 });
  });
  afterAll(async () => t.close());

  const register = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/auth/register', payload: payload as object });

  it('POST /auth/register creates an account: 201 {account-id, username}', async () => {
    const response = await register({ username: 'Mario', password: 'ItsAMe123' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ 'account-id': expect.any(Number), username: 'Mario' });
  });

  it('POST /auth/register rejects a taken username with 400 username_taken', async () => {
    const response = await register({ username: 'Mario', password: 'another-one' });
    expect(errorOf(response)).toMatchObject({ status: 400, error: 'username_taken' });
  });

  it('POST /auth/register rejects missing fields, empty and short passwords and wrong types with 400', async () => {
    expect(errorOf(await register({ username: 'Luigi' }))).toMatchObject({
      status: 400,
      error: 'missing_field',
    });
    expect(errorOf(await register({ password: 'ItsAMe123' }))).toMatchObject({
      status: 400,
      error: 'missing_field',
    });
    expect(errorOf(await register({ username: 'Luigi', password: '' })).status).toBe(400);
    expect(errorOf(await register({ username: 'Luigi', password: 'short' })).status).toBe(400);
    expect(errorOf(await register({ username: '', password: 'long enough' })).status).toBe(400);
    expect(errorOf(await register({ username: 42, password: 'long enough' })).status).toBe(400);
    expect(errorOf(await register({ username: 'Luigi', password: ['x'] })).status).toBe(400);
    expect(errorOf(await register({ username: 'bad\u0000name', password: 'long enough' })).status).toBe(400);
    expect(errorOf(await register([1, 2])).status).toBe(400);
  });

  it('rejects malformed JSON, a non-JSON content type and a huge body without a 500', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(errorOf(malformed)).toMatchObject({ status: 400, error: 'bad_request' });
    const text = await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=x',
    });
    expect(errorOf(text)).toMatchObject({ status: 415, error: 'unsupported_media_type' });
    const huge = await register({ username: 'Huge', password: 'x'.repeat(t.config.bodyLimit + 10) });
    expect(errorOf(huge)).toMatchObject({ status: 413, error: 'payload_too_large' });
  });

  it('treats an empty JSON body as no fields and refuses prototype poisoning', async () => {
    const registered = await register({ username: 'Kamek', password: 'magikoopa' });
    expect(registered.statusCode).toBe(201);
    const empty = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { 'content-type': 'application/json', authorization: basic('Kamek', 'magikoopa') },
    });
    expect(empty.json()).toEqual({ token: expect.any(String) });
    const poisoned = await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "Proto", "password": "long enough", "__proto__": {"admin": true}}',
    });
    expect(errorOf(poisoned)).toMatchObject({ status: 400, error: 'bad_request' });
  });

  it('stores usernames with SQL metacharacters literally', async () => {
    const name = `Robert'); DROP TABLE account;--"%_\\`;
    const created = await register({ username: name, password: 'bobby tables' });
    expect(created.statusCode).toBe(201);
    const login = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic(name, 'bobby tables') },
    });
    const hello = await t.app.inject({
      method: 'GET',
      url: '/auth/test',
      headers: { authorization: tokenAuth(login.json().token) },
    });
    expect(hello.json()).toEqual({ hello: name });
    const wildcard = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('%', 'bobby tables') },
    });
    expect(wildcard.statusCode).toBe(401);
  });

  it('accepts register fields as query parameters too', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/auth/register?username=Toad&password=mushroom-kingdom',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().username).toBe('Toad');
  });

  it('GET /auth/token answers a token usable as Basic token:"" and as Bearer', async () => {
    const { token } = await registerAndLogin(t.app, 'Peach', 'MammaMia!');
    expect(token.split('.')).toHaveLength(3);
    const viaBasic = await t.app.inject({
      method: 'GET',
      url: '/auth/test',
      headers: { authorization: tokenAuth(token) },
    });
    expect(viaBasic.json()).toEqual({ hello: 'Peach' });
    const viaBearer = await t.app.inject({
      method: 'GET',
      url: '/auth/test',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaBearer.json()).toEqual({ hello: 'Peach' });
  });

  it('answers 401 with a JSON body and a Basic challenge without credentials or with wrong ones', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/auth/token' });
    expect(errorOf(none)).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('Nobody', 'whatever1') },
    });
    expect(errorOf(unknown).status).toBe(401);
    const emptyPassword = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('Peach', '') },
    });
    expect(errorOf(emptyPassword).status).toBe(401);
    const garbage = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: 'Basic %%%' },
    });
    expect(errorOf(garbage).status).toBe(401);
    const scheme = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: 'Digest abc' },
    });
    expect(errorOf(scheme).status).toBe(401);
    const long = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: `Basic ${'A'.repeat(5000)}` },
    });
    expect(errorOf(long).status).toBe(401);
  });

  it('rejects a forged token (wrong key, alg none, tampered payload) with 401', async () => {
    const { token } = await registerAndLogin(t.app, 'Daisy', 'sarasaland');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const tampered = Buffer.from(JSON.stringify({ id: 1, iat: 0, exp: 9_999_999_999 })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const forged = [
      `${header}.${tampered}.${signature}`,
      `${none}.${payload}.`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    ];
    const other = await buildTestApp('sqlite', 'other_key', { secretKey: 'a-completely-different-secret' });
    try {
      forged.push((await registerAndLogin(other.app, 'Daisy', 'sarasaland')).token);
    } finally {
      await other.close();
    }
    for (const bad of forged) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/auth/test',
        headers: { authorization: tokenAuth(bad) },
      });
      expect(errorOf(response)).toMatchObject({ status: 401, error: 'unauthorized' });
    }
  });

  it('rejects an expired token with 401', async () => {
    const { token } = await registerAndLogin(t.app, 'Wario', 'garlic-fan');
    t.scheduler.advance(601_000);
    const response = await t.app.inject({
      method: 'GET',
      url: '/auth/test',
      headers: { authorization: tokenAuth(token) },
    });
    expect(errorOf(response)).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(errorOf(response).message).toMatch(/expired/);
  });

  it('GET /auth/key returns the encrypted PKCS#8 key that decrypts with the password only', async () => {
    const { auth, id } = await registerAndLogin(t.app, 'Yoshi', 'green-dino');
    const response = await t.app.inject({
      method: 'GET',
      url: '/auth/key',
      headers: { authorization: auth },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()['account-id']).toBe(id);
    const der = Buffer.from(response.json().key, 'base64');
    expect(decryptAccountKey(der, 'green-dino').asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(() => decryptAccountKey(der, 'wrong-password')).toThrow();
    expect(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).toThrow();
  });

  it('GET /auth/certificate returns the server certificate, which validates as the server (account-id null)', async () => {
    const { auth } = await registerAndLogin(t.app, 'Toadette', 'pink-mushroom');
    const response = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate',
      headers: { authorization: auth },
    });
    expect(response.statusCode).toBe(200);
    const validated = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate/validate',
      payload: { certificate: response.json().certificate },
    });
    expect(validated.json()).toEqual({ valid: true, 'account-id': null });
  });

  it('GET /auth/certificate/validate accepts a certificate built from the account key, with the seed body on GET', async () => {
    const { auth, id } = await registerAndLogin(t.app, 'Rosalina', 'comet-observatory');
    const keyResponse = await t.app.inject({
      method: 'GET',
      url: '/auth/key',
      headers: { authorization: auth },
    });
    const key = decryptAccountKey(Buffer.from(keyResponse.json().key, 'base64'), 'comet-observatory');
    const now = new Date(t.scheduler.now());
    const der = Buffer.from(
      await buildCertificate(key, {
        organization: 'Paperclip',
        commonName: '127.0.0.1',
        accountId: id,
        username: 'Rosalina',
        now,
      }),
    );
    const seedText = der.toString('base64').replace(/.{1,76}/g, '$&\n');
    const viaBody = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate/validate',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ certificate: seedText }),
    });
    expect(viaBody.statusCode).toBe(200);
    expect(viaBody.json()).toEqual({ valid: true, 'account-id': String(id) });
    const viaQuery = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate/validate',
      query: { certificate: der.toString('base64') },
    });
    expect(viaQuery.json()).toEqual({ valid: true, 'account-id': String(id) });

    // Claiming another account's id with this key, or an unknown id, is not valid.
    const other = await registerAndLogin(t.app, 'Luma', 'star-bits-123');
    for (const accountId of [other.id, 999_999]) {
      const claimed = Buffer.from(
        await buildCertificate(key, { organization: 'Paperclip', commonName: '127.0.0.1', accountId, now }),
      );
      const answer = await t.app.inject({
        method: 'GET',
        url: '/auth/certificate/validate',
        payload: { certificate: claimed.toString('base64') },
      });
      expect(answer.json()).toEqual({ valid: false, 'account-id': String(accountId) });
    }
    // A USER_ID that is not an account id (zero, leading zeros, text) names nobody: not valid, no account.
    for (const userId of ['0', `0${id}`, 'Rosalina']) {
      const unparsable = Buffer.from(
        await buildCertificate(key, { commonName: '127.0.0.1', accountId: userId, now }),
      );
      const answer = await t.app.inject({
        method: 'GET',
        url: '/auth/certificate/validate',
        payload: { certificate: unparsable.toString('base64') },
      });
      expect(answer.json(), userId).toEqual({ valid: false, 'account-id': null });
    }
    // A certificate without USER_ID signed by a key that is not the server's is not valid.
    const anonymous = Buffer.from(
      await buildCertificate(key, { organization: 'Paperclip', commonName: '127.0.0.1', now }),
    );
    const anonymousAnswer = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate/validate',
      payload: { certificate: anonymous.toString('base64') },
    });
    expect(anonymousAnswer.json()).toEqual({ valid: false, 'account-id': null });
    // Out of its validity period (one day) it is not valid.
    t.scheduler.advance(2 * 24 * 3600 * 1000);
    const expired = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate/validate',
      payload: { certificate: seedText },
    });
    expect(expired.json()).toEqual({ valid: false, 'account-id': String(id) });
  });

  it('GET /auth/certificate/validate answers 400 for a missing, non-base64 or non-certificate value', async () => {
    const send = (payload: object) =>
      t.app.inject({ method: 'GET', url: '/auth/certificate/validate', payload });
    expect(errorOf(await send({})).status).toBe(400);
    expect(errorOf(await send({ certificate: 12 })).status).toBe(400);
    expect(errorOf(await send({ certificate: '!!not base64!!' }))).toMatchObject({
      status: 400,
      error: 'certificate_malformed',
    });
    expect(errorOf(await send({ certificate: Buffer.from('hello world').toString('base64') })).error).toBe(
      'certificate_malformed',
    );
    expect(errorOf(await send({ certificate: 'A'.repeat(13_000) })).status).toBe(400);
  });
});

describe.each(DIALECTS)('login lockout on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'lockout', { lockoutAttempts: 3, lockoutTime: 30 });
    await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username: 'Bowser', password: 'M4r10SucK5' },
    });
  });
  afterAll(async () => t.close());

  const login = (password: string) =>
    t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('Bowser', password) },
    });

  it('locks the account after 3 failed logins, says so, and unlocks after LOCKOUT_TIME', async () => {
    const first = errorOf(await login('wrong-1'));
    expect(first).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(first.message).toMatch(/2 more failed attempts lock/);
    expect(errorOf(await login('wrong-2')).message).toMatch(/1 more failed attempt locks/);
    const third = await login('wrong-3');
    expect(errorOf(third)).toMatchObject({ status: 403, error: 'account_locked' });
    expect(errorOf(third).message).toMatch(/locked for 30 more seconds after 3 failed logins/);
    expect(third.headers['retry-after']).toBe('30');
    // Even the right password is refused while locked.
    t.scheduler.advance(29_000);
    const stillLocked = await login('M4r10SucK5');
    expect(errorOf(stillLocked)).toMatchObject({ status: 403, error: 'account_locked' });
    expect(stillLocked.headers['retry-after']).toBe('1');
    t.scheduler.advance(1_000);
    expect((await login('M4r10SucK5')).statusCode).toBe(200);
  });

  it('counts afresh after a lock expires and after a successful login', async () => {
    await login('wrong-a');
    await login('wrong-b');
    expect((await login('M4r10SucK5')).statusCode).toBe(200);
    expect(errorOf(await login('wrong-c')).status).toBe(401);
    expect(errorOf(await login('wrong-d')).status).toBe(401);
    expect(errorOf(await login('wrong-e')).status).toBe(403);
    t.scheduler.advance(30_000);
    expect(errorOf(await login('wrong-f')).message).toMatch(/2 more failed attempts/);
    expect((await login('M4r10SucK5')).statusCode).toBe(200);
  });
});

describe.each(DIALECTS)('auth rate limit on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'ratelimit', { authRateLimit: 3, lockoutAttempts: 100 });
  });
  afterAll(async () => t.close());

  it('answers 429 {error, message} once a client exceeds AUTH_RATE_LIMIT per minute, before checking passwords', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/auth/token',
        headers: { authorization: basic('Nobody', 'guess-' + i) },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(errorOf(response)).toMatchObject({ error: 'rate_limited' });
        expect(errorOf(response).message).toMatch(/at most 3 per minute/);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const register = await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username: 'A', password: 'long enough' },
    });
    expect(register.statusCode).toBe(201);
    // Other routes are not limited.
    const validate = await t.app.inject({
      method: 'GET',
      url: '/auth/certificate/validate',
      payload: { certificate: 'AAAA' },
    });
    expect(validate.statusCode).toBe(400);
  });
});
