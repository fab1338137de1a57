// Findings 2, 3 and 4 (issue 14): a lockout that cannot be raced, cannot be turned against a user from another
// address, and answers unknown names exactly as known ones. On SQLite and PostgreSQL.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountService } from '../src/auth/account-service.ts';
import type * as Passwords from '../src/auth/passwords.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { TokenService } from '../src/auth/tokens.ts';
import { DIALECTS } from './support/databases.ts';
import {
  basic,
  buildTestApp,
  errorOf,
  TEST_ACCOUNT_KEY_SCRYPT,
  TEST_SCRYPT,
  type TestApp,
} from './support/test-app.ts';

const probe = vi.hoisted(() => ({ checks: 0, hold: false, waiting: [] as (() => void)[] }));
vi.mock('../src/auth/passwords.ts', async (importOriginal) => {
  const { probedPasswords } = await import('./support/password-probe.ts');
  return probedPasswords(await importOriginal<typeof Passwords>(), probe);
});

/** An account with a real password hash and no key pair (an unreadable key is never upgraded). */
async function createAccount(app: TestApp, username: string, password: string): Promise<void> {
  await app.app.platform.accountsStore.create({
    username,
    passwordHash: await hashPassword(password, TEST_SCRYPT),
    privateKey: Buffer.alloc(0),
    publicKey: Buffer.alloc(0),
    createdAt: app.scheduler.now(),
  });
}

const HOME = '10.0.0.1';
const STRANGER = '10.66.0.1';

describe.each(DIALECTS)('lockout under attack on %s', (dialect) => {
  let t: TestApp;
  let users = 0;
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'attack_lockout', {
      lockoutAttempts: 3,
      lockoutTime: 60,
      accountLockoutAttempts: 50,
    });
  });
  afterAll(async () => t?.close());
  beforeEach(() => {
    probe.checks = 0;
  });

  /** A fresh account (names are unique per test so lock state never leaks between tests). */
  async function newUser(password = 'correct horse'): Promise<string> {
    users += 1;
    const username = `Victim${users}`;
    // Straight into the store: the lockout needs a password hash, not an RSA key (keeps the test fast).
    await createAccount(t, username, password);
    return username;
  }
  const login = (username: string, password: string, source: string) =>
    t.app.inject({
      method: 'GET',
      url: '/auth/token',
      remoteAddress: source,
      headers: { authorization: basic(username, password) },
    });
  const shape = (response: LightMyRequestResponse) => ({
    ...errorOf(response),
    retryAfter: response.headers['retry-after'],
  });

  describe('finding 2: a stranger at another address cannot lock the user out', () => {
    it('three wrong passwords from a stranger lock only the stranger out', async () => {
      const victim = await newUser();
      for (const guess of ['wrong-1', 'wrong-2', 'wrong-3']) await login(victim, guess, STRANGER);
      expect(errorOf(await login(victim, 'correct horse', STRANGER))).toMatchObject({
        status: 403,
        error: 'account_locked',
      });
      const home = await login(victim, 'correct horse', HOME);
      expect(home.statusCode).toBe(200);
      expect(home.json().token).toEqual(expect.any(String));
    });
  });

  describe('finding 3: the lockout cannot be raced', () => {
    it('40 parallel wrong guesses from one address lead to at most 3 password checks, then the lock', async () => {
      const victim = await newUser();
      const guesses = Array.from({ length: 40 }, (_, i) => login(victim, `guess-${i}`, STRANGER));
      const answers = await Promise.all(guesses);
      expect(probe.checks).toBeLessThanOrEqual(3);
      expect(answers.every((answer) => answer.statusCode !== 200)).toBe(true);
      expect(errorOf(await login(victim, 'correct horse', STRANGER)).error).toBe('account_locked');
      expect(probe.checks).toBeLessThanOrEqual(3);
    });

    it('the right password among 40 parallel guesses is accepted only if it was one of the 3 checked', async () => {
      const victim = await newUser();
      const guesses = Array.from({ length: 40 }, (_, i) =>
        login(victim, i === 39 ? 'correct horse' : `guess-${i}`, STRANGER),
      );
      const answers = await Promise.all(guesses);
      expect(probe.checks).toBeLessThanOrEqual(3);
      expect(answers.filter((answer) => answer.statusCode === 200).length).toBeLessThanOrEqual(1);
    });
  });

  describe('finding 4: unknown and known names get the same answers', () => {
    it('same statuses, bodies and Retry-After for each attempt, and both lock after the same count', async () => {
      const known = await newUser();
      const unknown = `Nobody${users}`;
      const source = '10.44.0.1';
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const forKnown = await login(known, `wrong-${attempt}`, source);
        const forUnknown = await login(unknown, `wrong-${attempt}`, source);
        expect(shape(forUnknown), `attempt ${attempt}`).toEqual(shape(forKnown));
        expect(forKnown.statusCode, `attempt ${attempt}`).toBe(attempt < 3 ? 401 : 403);
      }
      // The unknown name was checked (against the dummy hash) as often as the known one.
      expect(probe.checks).toBe(6);
    });
  });

  describe('finding 2: the account-wide rule throttles strangers, not the user', () => {
    let wide: TestApp;
    beforeAll(async () => {
      wide = await buildTestApp(dialect, 'attack_lockout_wide', {
        lockoutAttempts: 3,
        accountLockoutAttempts: 4,
        accountBackoffTime: 60,
        accountBackoffMaxTime: 600,
      });
      await createAccount(wide, 'Target', 'correct horse');
    });
    afterAll(async () => wide?.close());
    const wideLogin = (password: string, source: string) =>
      wide.app.inject({
        method: 'GET',
        url: '/auth/token',
        remoteAddress: source,
        headers: { authorization: basic('Target', password) },
      });

    it('failures from many addresses start a backoff for new addresses; the address the user logged in from is spared', async () => {
      expect((await wideLogin('correct horse', HOME)).statusCode).toBe(200);
      probe.checks = 0;
      for (let i = 1; i <= 4; i += 1) {
        expect((await wideLogin(`guess-${i}`, `10.9.0.${i}`)).statusCode).toBe(401);
      }
      expect(probe.checks).toBe(4);
      const throttled = await wideLogin('guess-5', '10.9.0.5');
      expect(errorOf(throttled)).toMatchObject({ status: 429, error: 'rate_limited' });
      expect(throttled.headers['retry-after']).toBe('60');
      expect(probe.checks).toBe(4);
      expect((await wideLogin('correct horse', HOME)).statusCode).toBe(200);
      expect(wide.app.platform.accounts.stats()).toMatchObject({ accountThrottles: 1 });
    });

    it('40 parallel guesses from 40 addresses lead to at most ACCOUNT_LOCKOUT_ATTEMPTS checks', async () => {
      wide.scheduler.advance(3600_000);
      // The success above reset the account-wide count; this burst starts from zero.
      probe.checks = 0;
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => wideLogin(`burst-${i}`, `10.8.${i}.1`)),
      );
      expect(probe.checks).toBeLessThanOrEqual(4);
      expect(answers.every((answer) => answer.statusCode === 401 || answer.statusCode === 429)).toBe(true);
    });
  });

  it('finding 4: differently cased spellings of one name share one count', async () => {
    const victim = await newUser();
    const source = '10.45.0.1';
    await login(victim.toUpperCase(), 'wrong-1', source);
    await login(victim.toLowerCase(), 'wrong-2', source);
    expect(errorOf(await login(victim, 'wrong-3', source)).error).toBe('account_locked');
  });

  it('writes one audit line per lock, with the name and address but never the password', async () => {
    const lines: Record<string, unknown>[] = [];
    const store = t.app.platform.accountsStore;
    const service = new AccountService(
      store,
      new TokenService('test-secret-key-0123456789', 600),
      { attempts: 2, seconds: 60 },
      () => t.scheduler.now(),
      TEST_SCRYPT,
      TEST_ACCOUNT_KEY_SCRYPT,
      { audit: (details, message) => lines.push({ ...details, msg: message }) },
    );
    const victim = await newUser();
    for (const guess of ['secret-guess-1', 'secret-guess-2', 'secret-guess-3']) {
      await service.login(victim, guess, '10.46.0.1').catch(() => undefined);
    }
    expect(lines).toEqual([
      {
        event: 'login_locked',
        scope: 'source',
        name: victim.toLowerCase(),
        source: '10.46.0.1',
        until: t.scheduler.now() + 60_000,
        msg: 'login locked',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-guess');
  });
});
