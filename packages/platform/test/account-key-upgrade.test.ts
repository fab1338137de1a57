// Migration on read: a key stored in the older PBKDF2 form (or at a lower cost) is re-encrypted at the next password login.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptAccountKey } from '../src/auth/account-keys.ts';
import { AccountService } from '../src/auth/account-service.ts';
import { readPkcs8Encryption } from '../src/auth/pkcs8-reader.ts';
import { TokenService } from '../src/auth/tokens.ts';
import type { AccountsStore } from '../src/storage/accounts-store.ts';
import { DIALECTS } from './support/databases.ts';
import {
  basic,
  buildTestApp,
  errorOf,
  registerAndLogin,
  TEST_ACCOUNT_KEY_SCRYPT,
  TEST_SCRYPT,
  type TestApp,
  tokenAuth,
} from './support/test-app.ts';

describe.each(DIALECTS)('account key upgrade at login on %s', (dialect) => {
  let t: TestApp;
  let store: AccountsStore;
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'key_upgrade');
    store = t.app.platform.accountsStore;
  });
  afterAll(async () => t?.close());

  /** Registers an account, then rewrites its stored key in the form rows had before (Node's PBES2/PBKDF2). */
  async function registerWithLegacyKey(username: string, password: string) {
    const { token, id } = await registerAndLogin(t.app, username, password);
    const account = (await store.get(id))!;
    const legacy = decryptAccountKey(account.privateKey, password).export({
      format: 'der',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: password,
    });
    expect(await store.replacePrivateKey(id, account.privateKey, legacy)).toBe(true);
    expect(readPkcs8Encryption(legacy).kdf.kind).toBe('pbkdf2');
    return { token, id, legacy, publicKey: account.publicKey };
  }
  const getKey = (authorization: string) =>
    t.app.inject({ method: 'GET', url: '/auth/key', headers: { authorization } });
  /** A password login on /auth/token (the one route that takes passwords), then the key with its token. */
  const loginThenGetKey = async (username: string, password: string) => {
    const login = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic(username, password) },
    });
    expect(login.statusCode).toBe(200);
    return getKey(tokenAuth(login.json().token));
  };
  const keyOf = (response: { json(): { key: string } }) => Buffer.from(response.json().key, 'base64');

  it('serves the older form as stored until a password login, then the scrypt form of the same key', async () => {
    const { token, id, legacy, publicKey } = await registerWithLegacyKey('Luigi', 'green-brother');

    // A token carries no password: the key is served as stored, and still decrypts.
    const beforeLogin = await getKey(tokenAuth(token));
    expect(keyOf(beforeLogin).equals(legacy)).toBe(true);
    expect(decryptAccountKey(keyOf(beforeLogin), 'green-brother')).toBeDefined();

    // A wrong password changes nothing and answers as before.
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('Luigi', 'red-brother') },
    });
    expect(errorOf(wrong)).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(errorOf(wrong).message).toMatch(/^Wrong username or password\./);
    expect((await store.get(id))!.privateKey.equals(legacy)).toBe(true);

    // The password login upgrades the row, and the key fetched with its token is the new form.
    const upgraded = await loginThenGetKey('Luigi', 'green-brother');
    expect(upgraded.statusCode).toBe(200);
    const der = keyOf(upgraded);
    expect(readPkcs8Encryption(der).kdf).toMatchObject({ kind: 'scrypt', ...TEST_ACCOUNT_KEY_SCRYPT });
    expect((await store.get(id))!.privateKey.equals(der)).toBe(true);
    // The swap is conditional: a row that no longer holds the expected key is not overwritten.
    expect(await store.replacePrivateKey(id, legacy, Buffer.from('stale'))).toBe(false);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: 'green-brother' });
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' }).equals(publicKey)).toBe(true);

    // Already current: later logins leave it alone.
    await loginThenGetKey('Luigi', 'green-brother');
    expect((await store.get(id))!.privateKey.equals(der)).toBe(true);
  });

  it('two logins upgrading at once both answer with the one key that was stored', async () => {
    const { id, publicKey } = await registerWithLegacyKey('Daisy', 'sarasaland');
    const [first, second] = await Promise.all([
      loginThenGetKey('Daisy', 'sarasaland'),
      loginThenGetKey('Daisy', 'sarasaland'),
    ]);
    const stored = (await store.get(id))!.privateKey;
    expect(readPkcs8Encryption(stored).kdf.kind).toBe('scrypt');
    expect(keyOf(first!).equals(stored)).toBe(true);
    expect(keyOf(second!).equals(stored)).toBe(true);
    const key = decryptAccountKey(stored, 'sarasaland');
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' }).equals(publicKey)).toBe(true);
  });

  it('a row the password cannot open does not block the login and is left as it is', async () => {
    const { id } = await registerAndLogin(t.app, 'Wario', 'garlic-lover');
    const account = (await store.get(id))!;
    const foreign = decryptAccountKey(account.privateKey, 'garlic-lover').export({
      format: 'der',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'someone-else',
    });
    await store.replacePrivateKey(id, account.privateKey, foreign);
    const response = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('Wario', 'garlic-lover') },
    });
    expect(response.statusCode).toBe(200);
    expect((await store.get(id))!.privateKey.equals(foreign)).toBe(true);
  });

  it('raising the configured cost upgrades keys written at the lower one', async () => {
    const { id } = await registerAndLogin(t.app, 'Toad', 'mushroom-kingdom');
    const before = (await store.get(id))!.privateKey;
    const raised = { N: 2 ** 11, r: 8, p: 2 };
    const service = new AccountService(
      store,
      new TokenService('test-secret-key-0123456789', 600),
      { attempts: 3, seconds: 60 },
      Date.now,
      TEST_SCRYPT,
      raised,
    );
    const account = await service.login('Toad', 'mushroom-kingdom');
    expect(readPkcs8Encryption(account.privateKey).kdf).toMatchObject({ kind: 'scrypt', ...raised });
    expect((await store.get(id))!.privateKey.equals(account.privateKey)).toBe(true);
    expect(
      decryptAccountKey(account.privateKey, 'mushroom-kingdom').equals(
        decryptAccountKey(before, 'mushroom-kingdom'),
      ),
    ).toBe(true);
  });
});
