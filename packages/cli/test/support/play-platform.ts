// For the play/interactive tests: the platform with RPS, in-process on port 0 with a temp SQLite file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RunningPlatform } from '@paperclip/platform';
import { PlatformClient, type PlatformSession, startPlatformWithRps } from '@paperclip/rps';

/** A running platform hosting RPS. */
export interface PlayPlatform {
  platform: RunningPlatform;
  url: string;
  client: PlatformClient;
  /** Registers and logs in an account. */
  account(username: string, password: string): Promise<PlatformSession>;
  close(): Promise<void>;
}

/** Starts the platform (HTTP on 127.0.0.1:0, lobbies on 127.0.0.1) with a fresh database. */
export async function startPlayPlatform(): Promise<PlayPlatform> {
  const directory = await mkdtemp(join(tmpdir(), 'paperclip-play-'));
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      httpPort: 0,
      databaseUrl: join(directory, 'paperclip.db'),
      secretKey: 'play-test-secret-0123456789',
      authRateLimit: 0,
      logLevel: 'silent',
    },
  );
  const platform = await startPlatformWithRps(config, { handleSignals: false });
  const client = new PlatformClient(platform.url);
  return {
    platform,
    url: platform.url,
    client,
    async account(username, password) {
      await client.register(username, password);
      return client.login(username, password);
    },
    async close() {
      await platform.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** JSON lines printed by `play --json`, parsed. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
