// The password pool's queue deadline (issue 14 finding 1): under CPU pressure the nice-19 password threads run
// slowly, and a login must not wait in the queue for tens of seconds. The timer is injected and fired by hand.
import { describe, expect, it } from 'vitest';
import { AccountService } from '../src/auth/account-service.ts';
import { PasswordPool, type PoolTimer } from '../src/auth/password-pool.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { TokenService } from '../src/auth/tokens.ts';
import { loadConfig } from '../src/config.ts';
import { buildTestApp, TEST_SCRYPT } from './support/test-app.ts';

/** A hand-fired timer: records every armed deadline; fire(i) runs it unless it was cancelled. */
function manualTimer() {
  const armed: { fire: () => void; ms: number; cancelled: boolean }[] = [];
  const timer: PoolTimer = (fire, ms) => {
    const entry = { fire, ms, cancelled: false };
    armed.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const fire = (index: number) => {
    const entry = armed[index];
    if (entry !== undefined && !entry.cancelled) entry.fire();
  };
  return { timer, armed, fire };
}

/** A job that runs until its gate is opened; `started` says whether it ever began. */
function gatedJob() {
  const state = { started: false, open: () => {} };
  const job = () =>
    new Promise<string>((resolve) => {
      state.started = true;
      state.open = () => resolve('done');
    });
  return { state, job };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('finding 1: a password job waits in the queue at most PASSWORD_HASH_QUEUE_TIMEOUT', () => {
  it('a job past its deadline leaves the queue, answers 429 with Retry-After and never starts', async () => {
    const clock = manualTimer();
    const pool = new PasswordPool({ concurrency: 1, queue: 4, queueTimeoutMs: 5000, timer: clock.timer });
    const running = gatedJob();
    const first = pool.run(running.job);
    const late = gatedJob();
    const waiting = pool.run(late.job);
    expect(clock.armed.map((entry) => entry.ms)).toEqual([5000]); // only the queued job has a deadline
    expect(pool.stats()).toMatchObject({ active: 1, queued: 1 });

    clock.fire(0);
    await expect(waiting).rejects.toMatchObject({
      status: 429,
      key: 'RATE_LIMITED',
      headers: { 'retry-after': '1' },
    });
    expect(pool.stats()).toEqual({ active: 1, queued: 0, rejected: 1, expired: 1 });

    running.state.open();
    expect(await first).toBe('done');
    await settle();
    expect(late.state.started).toBe(false);
    expect(pool.stats()).toEqual({ active: 0, queued: 0, rejected: 1, expired: 1 });
    expect(pool.full).toBe(false);
  });

  it('an expired job gives its place to those behind it, which still run in order', async () => {
    const clock = manualTimer();
    const pool = new PasswordPool({ concurrency: 1, queue: 3, queueTimeoutMs: 5000, timer: clock.timer });
    const order: string[] = [];
    const head = gatedJob();
    const running = pool.run(head.job);
    const a = pool.run(async () => order.push('a'));
    const b = pool.run(async () => order.push('b'));
    const c = pool.run(async () => order.push('c'));
    expect(pool.full).toBe(true);

    clock.fire(1); // b's deadline
    await expect(b).rejects.toMatchObject({ status: 429 });
    expect(pool.full).toBe(false);
    expect(pool.stats()).toMatchObject({ queued: 2, expired: 1 });

    head.state.open();
    await Promise.all([running, a, c]);
    expect(order).toEqual(['a', 'c']);
  });

  it('a job handed a slot before its deadline has the deadline cancelled (a late fire does nothing)', async () => {
    const clock = manualTimer();
    const pool = new PasswordPool({ concurrency: 1, queue: 1, queueTimeoutMs: 5000, timer: clock.timer });
    const head = gatedJob();
    const running = pool.run(head.job);
    const next = gatedJob();
    const queued = pool.run(next.job);
    head.state.open();
    await running;
    await settle();
    expect(next.state.started).toBe(true);
    expect(clock.armed[0]?.cancelled).toBe(true);
    clock.fire(0);
    next.state.open();
    expect(await queued).toBe('done');
    expect(pool.stats()).toEqual({ active: 0, queued: 0, rejected: 0, expired: 0 });
  });

  it('queueTimeoutMs 0 arms no deadline; jobs that start at once never arm one', async () => {
    const clock = manualTimer();
    const pool = new PasswordPool({ concurrency: 1, queue: 1, queueTimeoutMs: 0, timer: clock.timer });
    const head = gatedJob();
    const running = pool.run(head.job);
    const queued = pool.run(async () => 'second');
    expect(clock.armed).toEqual([]);
    head.state.open();
    expect(await Promise.all([running, queued])).toEqual(['done', 'second']);
    expect(clock.armed).toEqual([]);
  });

  it('is configured by PASSWORD_HASH_QUEUE_TIMEOUT in ms (default 5000, 0 = no deadline)', () => {
    expect(loadConfig({}).passwordHashQueueTimeout).toBe(5000);
    expect(loadConfig({ PASSWORD_HASH_QUEUE_TIMEOUT: '250' }).passwordHashQueueTimeout).toBe(250);
    expect(loadConfig({ PASSWORD_HASH_QUEUE_TIMEOUT: '0' }).passwordHashQueueTimeout).toBe(0);
    expect(() => new PasswordPool({ concurrency: 1, queue: 1, queueTimeoutMs: -1 })).toThrow(RangeError);
  });

  it('a login refused by the deadline is not a failed attempt: three of them do not lock the name', async () => {
    const t = await buildTestApp('sqlite', 'password_pool_deadline');
    try {
      await t.app.platform.accountsStore.create({
        username: 'Patient',
        passwordHash: await hashPassword('correct horse', TEST_SCRYPT),
        privateKey: Buffer.alloc(0),
        publicKey: Buffer.alloc(0),
        createdAt: t.scheduler.now(),
      });
      const clock = manualTimer();
      const pool = new PasswordPool({ concurrency: 1, queue: 4, queueTimeoutMs: 5000, timer: clock.timer });
      const service = new AccountService(
        t.app.platform.accountsStore,
        new TokenService('test-secret-key-0123456789', 600),
        { attempts: 3, seconds: 60 },
        () => t.scheduler.now(),
        TEST_SCRYPT,
        undefined,
        { pool },
      );
      const busy = gatedJob();
      const holding = pool.run(busy.job);
      for (let round = 0; round < 3; round += 1) {
        const login = service.login('Patient', 'wrong-guess', '10.14.0.1');
        // The login reserves its attempt in the database first, then queues: wait until its deadline is armed.
        for (let turn = 0; turn < 1000 && clock.armed.length <= round; turn += 1) await settle();
        clock.fire(round);
        await expect(login).rejects.toMatchObject({ status: 429, key: 'RATE_LIMITED' });
      }
      expect(pool.stats()).toMatchObject({ expired: 3, queued: 0 });
      busy.state.open();
      await holding;
      expect((await service.login('Patient', 'correct horse', '10.14.0.1')).username).toBe('Patient');
    } finally {
      await t.close();
    }
  });
});
