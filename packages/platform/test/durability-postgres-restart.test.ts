// Item 10: a PostgreSQL restart under load. A private PostgreSQL (never the machine's shared one) is stopped
// while the platform serves: requests get 503 database_unavailable with Retry-After, the process stays up, and
// once the database is back the platform reconnects by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/storage/database.ts';
import { killHard, type PlatformProcess, startPlatformProcess } from './support/platform-process.ts';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-postgres.ts';

/** Requests sent at once while the database is away ("under load"). */
const CONCURRENT = 8;

describe('item 10: the platform survives a PostgreSQL restart', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'paperclip-pg-restart-'));
  let database: PrivatePostgres | undefined;
  let platform: PlatformProcess | undefined;
  let auth = '';

  beforeAll(async () => {
    database = await startPrivatePostgres();
    platform = await startPlatformProcess({ DATABASE_URL: database.url }, workDir);
    const registered = await fetch(`${platform.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'Restarter', password: 'restart password' }),
    });
    expect(registered.status).toBe(201);
    const token = await fetch(`${platform.url}/auth/token`, {
      headers: { authorization: `Basic ${Buffer.from('Restarter:restart password').toString('base64')}` },
    });
    auth = `Bearer ${((await token.json()) as { token: string }).token}`;
  }, 120_000);

  afterAll(async () => {
    if (platform !== undefined) await killHard(platform);
    database?.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** A token-authenticated read: it loads the account from the database. */
  const read = () => fetch(`${platform!.url}/auth/test`, { headers: { authorization: auth } });

  it('answers 503 with Retry-After while the database is down, does not crash, and reconnects', async () => {
    expect((await Promise.all(Array.from({ length: CONCURRENT }, read))).map((r) => r.status)).toEqual(
      Array(CONCURRENT).fill(200),
    );

    database!.stop('immediate');
    const during = await Promise.all(Array.from({ length: CONCURRENT }, read));
    for (const response of during) {
      expect(response.status, platform!.output().slice(-3000)).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await response.json()).toEqual({
        error: 'database_unavailable',
        message: 'The database is unreachable for the moment; try again in a few seconds.',
      });
    }
    expect(platform!.child.exitCode, 'the platform process exited').toBeNull();

    database!.start();
    // The pool may still hand out one connection that died with the old server: a bounded number of tries.
    let status = 0;
    for (let attempt = 0; attempt < 3 && status !== 200; attempt++) status = (await read()).status;
    expect(status).toBe(200);
    expect((await Promise.all(Array.from({ length: CONCURRENT }, read))).map((r) => r.status)).toEqual(
      Array(CONCURRENT).fill(200),
    );
    expect(platform!.child.exitCode).toBeNull();
  }, 120_000);
});

describe('item 10: which database errors are "unavailable" (503) rather than bugs (500)', () => {
  it.each([
    [
      'refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    ],
    ['admin shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['cannot connect now', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['connection failure', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['dropped connection', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['both loopbacks refused', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])],
    ['wrapped', new Error('Cannot open', { cause: Object.assign(new Error('x'), { code: '57P02' }) })],
    ['SQLite busy', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
  ])('%s is unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['plain bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s is not', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
