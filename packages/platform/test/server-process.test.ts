// startPlatform as a real process: listens, logs JSON without secrets, stops cleanly on SIGTERM/SIGINT,
// and refuses to start in production without SECRET_KEY.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_POSTGRES_URL } from './support/databases.ts';
import { PLATFORM_MAIN, spawnEntryPoint, startEntryPoint } from './support/platform-process.ts';

const workDir = mkdtempSync(join(tmpdir(), 'paperclip-platform-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(DIALECTS)('the platform process on %s', (dialect) => {
  const schema = `t_process_${process.pid}_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    if (dialect !== 'postgres') return;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('serves, never logs the secret, passwords or tokens, and exits 0 on SIGTERM', async () => {
    const secret = 'process-test-secret-0123456789';
    const database: Record<string, string> =
      dialect === 'sqlite'
        ? { DATABASE_URL: join(workDir, 'a', 'platform.db') }
        : { DATABASE_URL: TEST_POSTGRES_URL, DATABASE_SCHEMA: schema };
    const started = await startEntryPoint(PLATFORM_MAIN, { SECRET_KEY: secret, ...database }, workDir);
    const password = 'very-secret-password';
    const register = await fetch(`${started.url}/auth/register?password=${password}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'Logger' }),
    });
    expect(register.status).toBe(201);
    const auth = `Basic ${Buffer.from(`Logger:${password}`).toString('base64')}`;
    const tokenBody = (await (
      await fetch(`${started.url}/auth/token`, { headers: { authorization: auth } })
    ).json()) as {
      token: string;
    };
    const token = tokenBody.token;
    expect(
      (await fetch(`${started.url}/auth/test`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    started.child.kill('SIGTERM');
    expect((await started.exited).code).toBe(0);
    const output = started.output();
    expect(output).toContain('"msg":"stopped"');
    for (const secretValue of [secret, password, token, auth.slice(6)])
      expect(output).not.toContain(secretValue);
  });
});

describe('the platform process', () => {
  it('in development without SECRET_KEY says it made a random key (without printing it); SIGINT stops it', async () => {
    const started = await startEntryPoint(PLATFORM_MAIN, { DATABASE_URL: ':memory:' }, workDir);
    expect(started.output()).toContain('SECRET_KEY is not set: using a random key for this run');
    started.child.kill('SIGINT');
    expect((await started.exited).code).toBe(0);
    expect(started.output()).not.toMatch(/[0-9a-f]{64}/);
  });

  it('in production without SECRET_KEY refuses to start with a clear sentence', async () => {
    const child = spawnEntryPoint(
      PLATFORM_MAIN,
      { NODE_ENV: 'production', TCP_PORT: '0', DATABASE_URL: ':memory:' },
      workDir,
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^paperclip: SECRET_KEY is not set: in production \(NODE_ENV=production\) the platform refuses to start/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
