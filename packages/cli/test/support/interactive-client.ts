// The interactive client in tmux against an in-process platform hosting Echo and the Toy test game (id 9).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry, loadConfig, type RunningPlatform, startPlatform } from '@paperclip/platform';
import toy from '../fixtures/toy-plugin.ts';
import { PAPERCLIP_SHELL_COMMAND } from './cli-process.ts';
import { TmuxTerminal } from './tmux-terminal.ts';

const TOY_PLUGIN = fileURLToPath(new URL('../fixtures/toy-plugin.ts', import.meta.url));

/** A loopback platform (Echo from the default registry, plus Toy) in a temp directory. */
export interface ToyPlatform {
  platform: RunningPlatform;
  /** The temp directory: the platform's database, and the client's cwd (no package.json names plugins). */
  directory: string;
  /** Creates an account directly through the API (for tests about logging in). */
  register(username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the platform; `close()` stops it and removes its directory. */
export async function startToyPlatform(): Promise<ToyPlatform> {
  const directory = mkdtempSync(join(tmpdir(), 'paperclip-interactive-'));
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      httpPort: 0,
      databaseUrl: join(directory, 'paperclip.db'),
      secretKey: 'cli-interactive-test-secret-0123',
      authRateLimit: 0,
      logLevel: 'silent',
      // Cheap password hashing: these tests are about the screens, and each registers or logs in a few times.
      scrypt: { N: 2 ** 12, r: 8, p: 1 },
      accountKeyScrypt: { N: 2 ** 10, r: 8, p: 1 },
    },
  );
  const registry = createDefaultRegistry();
  for (const game of toy.games ?? []) registry.register(game);
  const platform = await startPlatform(config, { handleSignals: false, registry });
  return {
    platform,
    directory,
    async register(username, password) {
      const answer = await platform.app.inject({
        method: 'POST',
        url: '/auth/register',
        payload: { username, password },
      });
      if (answer.statusCode !== 201) throw new Error(`could not register ${username}: ${answer.body}`);
    },
    async close() {
      await platform.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * `paperclip --server <url>` (the interactive client, the Toy plugin loaded) in a tmux pane. When it exits,
 * the pane's shell prints `[exit status N]` and `stty -a`: a test reads whether the terminal was restored
 * (`icanon`, `echo`, not `-icanon`/`-echo`).
 */
export function openInteractive(serverUrl: string, cwd: string): TmuxTerminal {
  return new TmuxTerminal(
    `cd ${cwd} && env TERM=xterm-256color PAPERCLIP_PLUGINS=${TOY_PLUGIN} ${PAPERCLIP_SHELL_COMMAND} --server ${serverUrl}; echo "[exit status $?]"; stty -a`,
  );
}
