// Finding 1 (issue 14): password checks must not starve the API. Passwords only on /auth/token, hashing in a
// bounded pool that answers 429 when full, token checks that never wait for it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Passwords from '../src/auth/passwords.ts';
import { releaseChecks } from './support/password-probe.ts';
import {
  basic,
  buildTestApp,
  errorOf,
  registerAndLogin,
  type TestApp,
  tokenAuth,
} from './support/test-app.ts';

const probe = vi.hoisted(() => ({ checks: 0, hold: false, waiting: [] as (() => void)[] }));
vi.mock('../src/auth/passwords.ts', async (importOriginal) => {
  const { probedPasswords } = await import('./support/password-probe.ts');
  return probedPasswords(await importOriginal<typeof Passwords>(), probe);
});

describe('finding 1: passwords only on /auth/token, hashed in a bounded pool', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', 'attack_auth_pool', {
      lockoutAttempts: 100,
      accountLockoutAttempts: 100,
      passwordHashConcurrency: 2,
      passwordHashQueue: 2,
    });
    ({ token } = await registerAndLogin(t.app, 'Peach', 'MammaMia!'));
  });
  afterAll(async () => {
    releaseChecks(probe);
    await t?.close();
  });

  it('refuses a password on every route but /auth/token with 401, without hashing it', async () => {
    probe.checks = 0;
    for (const url of ['/auth/test', '/auth/key', '/auth/certificate', '/friends/']) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: basic('Peach', 'MammaMia!') },
      });
      expect(errorOf(response), url).toMatchObject({ status: 401, error: 'unauthorized' });
      expect(errorOf(response).message).toMatch(/\/auth\/token/);
    }
    expect(probe.checks).toBe(0);
    // The token from /auth/token works there, as Basic token: and as Bearer.
    for (const authorization of [tokenAuth(token), `Bearer ${token}`]) {
      const hello = await t.app.inject({ method: 'GET', url: '/auth/test', headers: { authorization } });
      expect(hello.json()).toEqual({ hello: 'Peach' });
    }
  });

  it('answers 429 with Retry-After at once when the pool is full, while tokens still work', async () => {
    probe.checks = 0;
    probe.hold = true;
    const login = (source: string) =>
      t.app.inject({
        method: 'GET',
        url: '/auth/token',
        remoteAddress: source,
        headers: { authorization: basic('Peach', 'MammaMia!') },
      });
    // Two checks running (held) and two queued fill a pool of concurrency 2 and queue 2.
    const filling = [1, 2, 3, 4].map((i) => login(`10.1.0.${i}`));
    const queued = () =>
      (t.app.platform.accounts as { stats?: () => { poolQueued: number } }).stats?.().poolQueued ?? 0;
    await vi.waitUntil(() => probe.checks >= 2 && probe.checks + queued() === 4);
    const overflow = login('10.1.0.5');
    // Without a bounded pool the fifth login would start a check of its own instead of answering.
    const first = await Promise.race([
      overflow,
      vi.waitUntil(() => probe.checks > 2, { timeout: 3000 }).then(() => 'hashed' as const),
    ]);
    expect(first, 'the fifth login started a password check').not.toBe('hashed');
    const busy = await overflow;
    expect(errorOf(busy)).toMatchObject({ status: 429, error: 'rate_limited' });
    expect(busy.headers['retry-after']).toBe('1');
    expect(t.app.platform.accounts.stats().busy).toBeGreaterThanOrEqual(1);

    // Token authentication never waits for the pool.
    const hello = await t.app.inject({
      method: 'GET',
      url: '/auth/test',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(hello.json()).toEqual({ hello: 'Peach' });
    expect(probe.checks).toBe(2);

    releaseChecks(probe);
    const answers = await Promise.all(filling);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(probe.checks).toBe(4);
  });
});
