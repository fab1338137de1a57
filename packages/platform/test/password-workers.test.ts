// Issue 14, finding 1: password work runs on worker threads at the lowest OS priority, so token requests keep
// a core while passwords are checked. Hashes and keys are interchangeable with the in-process code.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptAccountKey, generateAccountKeys, reencryptAccountKey } from '../src/auth/account-keys.ts';
import { PasswordPool } from '../src/auth/password-pool.ts';
import { PASSWORD_WORKER_NICE } from '../src/auth/password-worker-code.ts';
import { hashPassword, verifyPassword } from '../src/auth/passwords.ts';
import { loadConfig } from '../src/config.ts';
import { buildTestApp, TEST_ACCOUNT_KEY_SCRYPT, TEST_SCRYPT } from './support/test-app.ts';

const onLinux = process.platform === 'linux';

/** The nice value of thread `tid` of this process: field 19 of /proc/self/task/<tid>/stat. */
function threadNice(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  // Fields after "(comm)" start at field 3, so field 19 is index 16.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** This process's threads running at the workers' priority. */
function nicedThreads(): number[] {
  return readdirSync('/proc/self/task')
    .map(Number)
    .filter((tid) => {
      try {
        return threadNice(tid) === PASSWORD_WORKER_NICE;
      } catch {
        return false; // the thread ended while we looked
      }
    });
}

describe('finding 1: password work on low-priority worker threads', () => {
  const pools: PasswordPool[] = [];
  const workerPool = (concurrency = 1): PasswordPool => {
    const pool = new PasswordPool({ concurrency, queue: 4, workers: true });
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it('a hash made on a worker verifies in-process, and one made in-process verifies on a worker', async () => {
    const pool = workerPool();
    const onWorker = await pool.run(() => hashPassword('correct horse', TEST_SCRYPT));
    expect(pool.workers()[0]!.calls).toBe(1);
    expect(onWorker).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse', onWorker)).toBe(true);
    expect(await verifyPassword('wrong horse', onWorker)).toBe(false);

    const inProcess = await hashPassword('battery staple', TEST_SCRYPT);
    expect(await pool.run(() => verifyPassword('battery staple', inProcess))).toBe(true);
    expect(await pool.run(() => verifyPassword('battery stapler', inProcess))).toBe(false);
    expect(pool.workers()[0]!.calls).toBe(3);
  });

  it('account keys made on a worker decrypt in-process, and re-encrypt on a worker', async () => {
    const pool = workerPool();
    const keys = await pool.run(() => generateAccountKeys('key password', TEST_ACCOUNT_KEY_SCRYPT));
    // RSA generation and the PKCS#8 scrypt both went to the worker.
    expect(pool.workers()[0]!.calls).toBe(2);
    expect(decryptAccountKey(keys.encryptedPrivateKey, 'key password').asymmetricKeyDetails).toMatchObject({
      modulusLength: 2048,
    });
    const again = await pool.run(() =>
      reencryptAccountKey(keys.encryptedPrivateKey, keys.publicKey, 'key password', TEST_ACCOUNT_KEY_SCRYPT),
    );
    expect(pool.workers()[0]!.calls).toBe(4);
    expect(decryptAccountKey(again, 'key password').type).toBe('private');
  });

  it.runIf(onLinux)(
    'each slot has its own worker thread at nice 19; the event loop keeps its priority',
    async () => {
      const before = getPriority();
      const pool = workerPool(2);
      const infos = await Promise.all(pool.workers().map((worker) => pool.run(() => worker.info())));
      expect(infos.map((info) => info.priority)).toEqual([PASSWORD_WORKER_NICE, PASSWORD_WORKER_NICE]);
      const tids = infos.map((info) => info.tid!);
      expect(new Set(tids).size).toBe(2);
      expect(tids.map(threadNice)).toEqual([PASSWORD_WORKER_NICE, PASSWORD_WORKER_NICE]);
      expect(getPriority()).toBe(before);
      expect(threadNice(process.pid)).toBe(before);
    },
  );

  it('jobs after close() run in-process', async () => {
    const pool = workerPool();
    await pool.run(() => hashPassword('first', TEST_SCRYPT));
    await pool.close();
    const hash = await pool.run(() => hashPassword('second', TEST_SCRYPT));
    expect(await verifyPassword('second', hash)).toBe(true);
    expect(pool.workers()[0]!.calls).toBe(1);
  });

  it('PASSWORD_HASH_NICE is on by default and 0 turns it off', () => {
    expect(loadConfig({}).passwordHashNice).toBe(true);
    expect(loadConfig({ PASSWORD_HASH_NICE: '0' }).passwordHashNice).toBe(false);
    expect(() => loadConfig({ PASSWORD_HASH_NICE: '2' })).toThrow(/PASSWORD_HASH_NICE/);
    expect(new PasswordPool({ concurrency: 2, queue: 1 }).workers()).toHaveLength(0);
  });

  it.runIf(onLinux)('stopping the platform ends its password workers', async () => {
    expect(nicedThreads()).toEqual([]);
    const t = await buildTestApp('sqlite', 'password_workers');
    try {
      const response = await t.app.inject({
        method: 'POST',
        url: '/auth/register',
        payload: { username: 'Nicely', password: 'low priority' },
      });
      expect(response.statusCode).toBe(201);
      expect(nicedThreads()).toHaveLength(1);
    } finally {
      await t.close();
    }
    expect(nicedThreads()).toEqual([]);
  });
});
