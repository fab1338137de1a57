// `paperclip play <game>` with a test plugin (Toy) against an in-process platform: hand-off, unknown game, bad plugin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry, loadConfig, type RunningPlatform, startPlatform } from '@paperclip/platform';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import toy from './fixtures/toy-plugin.ts';
import { killAll, spawnCli } from './support/cli-process.ts';

const TOY = fileURLToPath(new URL('./fixtures/toy-plugin.ts', import.meta.url));
const NOT_A_PLUGIN = fileURLToPath(new URL('./fixtures/not-a-plugin.ts', import.meta.url));

describe('paperclip play', () => {
  let platform: RunningPlatform;
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'paperclip-play-'));
    const config = loadConfig(
      {},
      {
        host: '127.0.0.1',
        httpPort: 0,
        databaseUrl: join(directory, 'paperclip.db'),
        secretKey: 'cli-play-test-secret-0123',
        authRateLimit: 0,
        logLevel: 'silent',
      },
    );
    const registry = createDefaultRegistry();
    for (const game of toy.games ?? []) registry.register(game);
    platform = await startPlatform(config, { handleSignals: false, registry });
  });
  afterEach(() => killAll());
  afterAll(async () => {
    await platform.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const play = (game: string, plugins: string) =>
    spawnCli(
      [
        ...['play', game, '-u', 'toyer', '-p', 'correct horse battery', '--register', '-m', '1,2', '--json'],
        ...['--server', platform.url],
      ],
      // A temp cwd: no package.json up the tree names plugins, so only PAPERCLIP_PLUGINS counts.
      { env: { PAPERCLIP_PLUGINS: plugins }, cwd: directory },
    );

  it("logs in, matchmakes a lobby of the plugin's game and hands it to the plugin with the parsed moves", async () => {
    const cli = play('toy', TOY);
    expect(await cli.exited).toBe(0);
    const line = JSON.parse(cli.stdout().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ event: 'toy', gameId: 9, moves: [1, 2] });
    expect(typeof line['lobbyId']).toBe('number');
  });

  it('names the games it knows when asked for an unknown one, in one sentence', async () => {
    const cli = play('chess', TOY);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toBe(
      'paperclip: "chess" is not a game this command can play: the games known here are "toy".\n',
    );
  });

  it('refuses a bad move and a module that is not a plugin in one sentence each', async () => {
    const badMove = spawnCli(['play', 'toy', '-u', 'a', '-p', 'b', '-m', '1,x'], {
      env: { PAPERCLIP_PLUGINS: TOY },
    });
    expect(await badMove.exited).toBe(2);
    expect(badMove.stderr()).toBe('paperclip: "x" is not a toy move: use a digit.\n');
    const notPlugin = play('toy', NOT_A_PLUGIN);
    expect(await notPlugin.exited).toBe(1);
    expect(notPlugin.stderr()).toMatch(
      /^paperclip: The plugin ".*not-a-plugin\.ts" \(listed in PAPERCLIP_PLUGINS\) could not be loaded: [^\n]*\.\n$/,
    );
  });
});
