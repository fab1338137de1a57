// Findings 2, 3 and 4 (issue 14): a lockout that cannot be raced, cannot be turned against a user from another
// address, and answers unknown names exactly as known ones. On SQLite and PostgreSQL.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Passwords from '../src/auth/passwords.ts';
import { DIALECTS } from './support/databases.ts';
import { basic, buildTestApp, errorOf, type TestApp } from './support/test-app.ts';

const probe = vi.hoisted(() => ({ checks: 0, hold: false, waiting: [] as (() => void)[] }));
vi.mock('../src/auth/passwords.ts', async (importOriginal) => {
  const { probedPasswords } = await import('./support/password-probe.ts');
  return probedPasswords(await importOriginal<typeof Passwords>(), probe);
});

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
    const created = await t.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username, password },
    });
    expect(created.statusCode).toBe(201);
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
});
