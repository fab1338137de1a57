// The @paperclip/platform README example: start the platform on a free port with in-memory SQLite, then register a player.
import { loadConfig, startPlatform } from '@paperclip/platform';
import { PlatformClient } from '@paperclip/platform/client';

/** Starts a platform, registers one account through its HTTP API, and stops the platform. */
export async function registerOnePlayer(username: string, password: string): Promise<number> {
  // `{}` instead of process.env keeps the example self-contained; `paperclip serve` reads the environment.
  const config = loadConfig(
    {},
    { host: '127.0.0.1', httpPort: 0, databaseUrl: ':memory:', logLevel: 'error' },
  );
  const platform = await startPlatform(config, { handleSignals: false });
  try {
    const client = new PlatformClient(platform.url);
    const account = await client.register(username, password);
    return account.id; // next: `await client.login(username, password)` gives a PlatformSession
  } finally {
    await platform.close();
  }
}
