// The seed's Python Client class, unmodified, against our server: register, log in, key, games, lobbies, friends.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_KEY_SCRYPT } from '../src/auth/account-keys.ts';
import { readPkcs8Encryption } from '../src/auth/pkcs8-reader.ts';
import { loadConfig } from '../src/config.ts';
import { type RunningPlatform, startPlatform } from '../src/server.ts';
import { DIALECTS, openTestDatabase } from './support/databases.ts';
import { TEST_SCRYPT } from './support/test-app.ts';

const here = dirname(fileURLToPath(import.meta.url));
const seedpy = resolve(here, '../../../../shared/interop/seedpy');
const harness = join(here, 'support/seed_client_harness.py');

function whyUnavailable(): string | undefined {
  if (!existsSync(join(seedpy, 'client/__main__.py')))
    return `the seed is not at ${seedpy} (../shared/interop)`;
  const probe = spawnSync('python3', ['-c', 'import requests, cryptography, dotenv, yaml'], {
    encoding: 'utf8',
  });
  if (probe.error !== undefined) return 'python3 is not installed';
  if (probe.status !== 0)
    return `python3 lacks a module the seed client needs: ${probe.stderr.trim().split('\n').at(-1)}`;
  return undefined;
}
const skipReason = whyUnavailable();
if (skipReason !== undefined) console.log(`skipping the seed Python client test: ${skipReason}`);

describe.skipIf(skipReason !== undefined).each(DIALECTS)(
  `seed Python Client against our platform on %s${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  (dialect) => {
    let platform: RunningPlatform;
    let workDir: string;
    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'paperclip-seed-client-'));
      const config = loadConfig(
        {},
        {
          httpPort: 0,
          host: '127.0.0.1',
          secretKey: 'seed-client-secret-123',
          scrypt: TEST_SCRYPT,
          // accountKeyScrypt stays at its default: the seed client must read keys at the production cost.
        },
      );
      // The default games: the lobby the seed client creates is a real echo server on a UDP port.
      const database = await openTestDatabase(dialect, 'seed_client');
      platform = await startPlatform(config, {
        database,
        handleSignals: false,
        logger: pino({ level: 'silent' }),
      });
    });
    afterAll(async () => {
      await platform?.close();
      if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
    });

    it('registers, logs in, fetches and decrypts its key, lists games, creates and finds a lobby, adds and removes a friend', async () => {
      const { code, stdout, stderr } = await run('python3', [
        harness,
        seedpy,
        String(platform.port),
        'Mario',
        'ItsAMe123',
        'Peach',
        'MammaMia!',
      ]);
      expect(stderr === '' || code === 0 ? '' : stderr).toBe('');
      expect(code).toBe(0);
      const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(out.register).toBe('Mario');
      expect(out.register_friend).toBe('Peach');
      expect(out.key_bits).toBe(2048);
      const stored = await platform.app.platform.accountsStore.findByUsername('Mario');
      expect(readPkcs8Encryption(stored!.privateKey).kdf).toMatchObject({
        kind: 'scrypt',
        ...DEFAULT_ACCOUNT_KEY_SCRYPT,
      });
      expect(out.games).toEqual({ '2': 'Echo' });
      expect(out.created).toEqual({
        'lobby-id': expect.any(Number),
        'lobby-addr': ['127.0.0.1', expect.any(Number)],
        'game-id': 2,
      });
      expect(out.found).toEqual(out.created);
      expect(out.lobby).toEqual(out.created);
      expect(out.lobbies[String(out.created['lobby-id'])]).toMatchObject({ 'is-full': false, size: 8 });
      expect(out.added).toEqual({
        account: { id: out.account_id, username: 'Mario' },
        other: { id: expect.any(Number), username: 'Peach' },
        state: 'invite_sent',
      });
      // Friends by consent (finding 11): Peach is a friend only once she adds Mario back.
      expect(out.friends_pending).toEqual({ friends: [] });
      expect(out.added_back).toMatchObject({
        other: { id: out.account_id, username: 'Mario' },
        state: 'friend',
      });
      expect(out.friends).toEqual({ friends: [{ id: out.added.other.id, username: 'Peach' }] });
      expect(out.friend_lobbies).toEqual([]);
      expect(out.removed).toBe(true);
      expect(out.friends_after).toEqual({ friends: [] });
      expect(out.validate).toEqual({ valid: true, 'account-id': String(out.account_id) });
      expect(out.wrong_password).toBe('refused');
    });

    function run(
      command: string,
      args: string[],
    ): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolvePromise, reject) => {
        const child = spawn(command, args, {
          cwd: workDir,
          env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 60_000,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.on('error', reject);
        child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
      });
    }
  },
);
