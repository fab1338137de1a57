// `paperclip serve` (the `npm start` job) as a child process: the platform with a plugin's game answers HTTP, then stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, spawnCli } from './support/cli-process.ts';

const TOY = fileURLToPath(new URL('./fixtures/toy-plugin.ts', import.meta.url));
const workDirs: string[] = [];
afterEach(async () => {
  await killAll();
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** pino writes one JSON object per line; the listening line carries the bound URL. */
const LISTENING = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"Paperclip platform listening"/;

describe('paperclip serve', () => {
  it("starts the platform on SQLite with the plugins' games registered, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperclip-serve-'));
    workDirs.push(dir);
    const serve = spawnCli(['serve', '--port', '0', '--database', join(dir, 'paperclip.db')], {
      env: { SECRET_KEY: '', NODE_ENV: 'development', S_HOST: '127.0.0.1', PAPERCLIP_PLUGINS: TOY },
    });
    const [, url] = await serve.line(LISTENING);
    const account = { username: 'serve-test', password: 'correct horse battery' };
    const registered = await fetch(`${url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    expect(registered.status).toBe(201);
    // Passwords go to /auth/token only; every other route takes the token.
    const basic = Buffer.from(`${account.username}:${account.password}`).toString('base64');
    const { token } = (await (
      await fetch(`${url}/auth/token`, { headers: { authorization: `Basic ${basic}` } })
    ).json()) as { token: string };
    const games = (await (
      await fetch(`${url}/games/`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as unknown;
    expect(JSON.stringify(games)).toContain('"Toy"');
    expect(JSON.stringify(games)).toContain('"Echo"');
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('refuses to start in production without SECRET_KEY, in one sentence', async () => {
    const serve = spawnCli(['serve', '--port', '0', '--database', ':memory:'], {
      env: { NODE_ENV: 'production', SECRET_KEY: '' },
    });
    expect(await serve.exited).toBe(2);
    const lines = serve
      .stderr()
      .split('\n')
      .filter((text) => text.trim() !== '' && !text.includes('nodedir'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SECRET_KEY/);
    expect(serve.stderr()).not.toMatch(/^\s+at /m);
  });
});
