// Test fixture shared by the RPS and CLI tests: the real platform in-process (HTTP on port 0, temp SQLite, RPS registered).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry, loadConfig, type RunningPlatform, startPlatform } from '@paperclip/platform';
import { PlatformClient, type PlatformSession } from '@paperclip/platform/client';
import { createRpsGame } from './server/rps-game.ts';

/** A running platform with RPS, and how to stop it and remove its database. */
export interface TestPlatform {
  platform: RunningPlatform;
  url: string;
  client: PlatformClient;
  /** Registers and logs in a fresh account. */
  account(username: string, password?: string): Promise<PlatformSession>;
  close(): Promise<void>;
}

/** Starts a platform on 127.0.0.1 with an ephemeral HTTP port and a temp SQLite database. */
export async function startTestPlatform(): Promise<TestPlatform> {
  const directory = await mkdtemp(join(tmpdir(), 'paperclip-test-'));
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      httpPort: 0,
      databaseUrl: join(directory, 'paperclip.db'),
      secretKey: 'rps-test-secret-0123456789',
      authRateLimit: 0,
      logLevel: 'silent',
    },
  );
  const platform = await startPlatform(config, {
    handleSignals: false,
    registry: createDefaultRegistry().register(createRpsGame()),
  });
  const client = new PlatformClient(platform.url);
  return {
    platform,
    url: platform.url,
    client,
    async account(username, password = 'correct horse battery') {
      await client.register(username, password);
      return client.login(username, password);
    },
    async close() {
      await platform.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
