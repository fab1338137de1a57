// `paperclip ping` answers against every server `npm start` and the CLI start: the platform (UDP on the HTTP port's
// number, and ws://…/realtime), a lobby it runs, and `paperclip echo-server`. Real processes on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, killAll, spawnCli } from './support/cli-process.ts';

const require = createRequire(import.meta.url);
const PLATFORM_VERSION = (require('@paperclip/platform/package.json') as { version: string }).version;
const CLI_VERSION = (require('../package.json') as { version: string }).version;
/** The platform logs where its realtime endpoint listens (JSON when stdout is not a terminal). */
const REALTIME_LISTENING = /"udp":"127\.0\.0\.1:(\d+)".*"msg":"realtime endpoint listening"/;
const ECHO_LISTENING = /listening on udp (\S+):(\d+)/;
const STATUS_LINE = (name: string, version: string, players: number, games: number) =>
  new RegExp(
    `^${name} ${version.replaceAll('.', '\\.')}: ${players} players, ${games} games, RTT \\d+\\.\\d\\d ms\\n$`,
  );

/** Runs `paperclip ping …` to the end; resolves with its exit code and stdout. */
async function ping(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const process = spawnCli(['ping', ...args]);
  const code = await process.exited;
  return { code, stdout: process.stdout(), stderr: process.stderr() };
}

const workDir = mkdtempSync(join(tmpdir(), 'paperclip-ping-'));
let serve: CliProcess;
let port = '';
beforeAll(async () => {
  serve = spawnCli(['serve', '--port', '0', '--database', join(workDir, 'paperclip.db')], {
    env: { SECRET_KEY: '', NODE_ENV: 'development', S_HOST: '127.0.0.1', LOG_FORMAT: 'json' },
  });
  [, port = ''] = await serve.line(REALTIME_LISTENING);
});
afterAll(async () => {
  await killAll();
  rmSync(workDir, { recursive: true, force: true });
});

describe('paperclip ping against the servers Paperclip starts', () => {
  it('the platform answers on UDP at its HTTP port number and at ws://…/realtime', async () => {
    const udp = await ping(`127.0.0.1:${port}`);
    expect(udp).toMatchObject({ code: 0, stderr: '' });
    expect(udp.stdout).toMatch(STATUS_LINE('Paperclip platform', PLATFORM_VERSION, 0, 0));
    const websocket = await ping(`ws://127.0.0.1:${port}/realtime`);
    expect(websocket).toMatchObject({ code: 0, stderr: '' });
    expect(websocket.stdout).toMatch(STATUS_LINE('Paperclip platform', PLATFORM_VERSION, 0, 0));
  });

  it('a lobby created through the HTTP API answers with its game', async () => {
    const url = `http://127.0.0.1:${port}`;
    const account = { username: 'pinger', password: 'correct horse battery' };
    const json = { 'content-type': 'application/json' };
    expect(
      (await fetch(`${url}/auth/register`, { method: 'POST', headers: json, body: JSON.stringify(account) }))
        .status,
    ).toBe(201);
    const basic = Buffer.from(`${account.username}:${account.password}`).toString('base64');
    const { token } = (await (
      await fetch(`${url}/auth/token`, { headers: { authorization: `Basic ${basic}` } })
    ).json()) as { token: string };
    const created = await fetch(`${url}/lobby/create`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ 'game-name': 'Echo' }),
    });
    expect(created.status).toBe(201);
    const {
      'lobby-addr': [host, lobbyPort],
    } = (await created.json()) as { 'lobby-addr': [string, number] };
    const lobby = await ping(`${host}:${lobbyPort}`);
    expect(lobby).toMatchObject({ code: 0, stderr: '' });
    expect(lobby.stdout).toMatch(STATUS_LINE('Echo lobby', PLATFORM_VERSION, 0, 1));
  });

  it('paperclip echo-server answers', async () => {
    const server = spawnCli(['echo-server', '--port', '0', '--accept-any-cert', '--duration', '60']);
    const [, host, echoPort] = await server.line(ECHO_LISTENING);
    const echo = await ping(`${host}:${echoPort}`);
    expect(echo).toMatchObject({ code: 0, stderr: '' });
    expect(echo.stdout).toMatch(STATUS_LINE('Paperclip echo server', CLI_VERSION, 0, 0));
  });
});
