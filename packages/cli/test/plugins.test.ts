// Plugin discovery (PAPERCLIP_PLUGINS, package.json's `paperclip.plugins`), loading, and finding a game by name.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/cli-errors.ts';
import { CliGames } from '../src/plugins/cli-games.ts';
import { loadPlugins } from '../src/plugins/load-plugins.ts';
import { findPluginList } from '../src/plugins/plugin-specifiers.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'paperclip-plugins-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project directory with this package.json and an empty nested folder to run from. */
function project(name: string, manifest: Record<string, unknown>): { root: string; nested: string } {
  const root = join(work, name);
  const nested = join(root, 'src', 'deep');
  mkdirSync(nested, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify(manifest));
  return { root, nested };
}

describe('findPluginList', () => {
  it('takes PAPERCLIP_PLUGINS (comma-separated, trimmed) over any package.json, resolved from the cwd', () => {
    const { nested } = project('env', { name: 'env', paperclip: { plugins: ['ignored'] } });
    const list = findPluginList(nested, { PAPERCLIP_PLUGINS: ' a , @scope/b/plugin ,, ' });
    expect(list).toEqual({
      specifiers: ['a', '@scope/b/plugin'],
      directory: nested,
      source: 'PAPERCLIP_PLUGINS',
    });
    expect(findPluginList(nested, { PAPERCLIP_PLUGINS: '' }).specifiers).toEqual([]);
  });

  it('reads `paperclip.plugins` of the nearest package.json with a `paperclip` field, resolved from its folder', () => {
    const { root, nested } = project('field', { name: 'field', paperclip: { plugins: ['./my-plugin.ts'] } });
    // A package.json without the field on the way up (a workspace folder) does not stop the search.
    writeFileSync(join(root, 'src', 'package.json'), JSON.stringify({ name: 'inner' }));
    expect(findPluginList(nested, {})).toEqual({
      specifiers: ['./my-plugin.ts'],
      directory: root,
      source: join(root, 'package.json'),
    });
  });

  it('refuses a `paperclip.plugins` that is not a list of names, in one sentence', () => {
    const { root } = project('bad-field', { name: 'bad', paperclip: { plugins: 'rps' } });
    expect(() => findPluginList(root, {})).toThrow(UserError);
    expect(() => findPluginList(root, {})).toThrow(
      /"paperclip\.plugins" in .*package\.json must be an array/,
    );
  });
});

describe('loadPlugins', () => {
  it('loads a plugin by path relative to the list and finds its game by name, ignoring case', async () => {
    const plugins = await loadPlugins({
      specifiers: ['./toy-plugin.ts'],
      directory: fixtures,
      source: 'test',
    });
    expect(plugins.map((plugin) => plugin.name)).toEqual(['toy']);
    const games = new CliGames(plugins);
    expect(games.byName('TOY').id).toBe(9);
    expect(games.byId(9)?.name).toBe('Toy');
  });

  it('reports a missing plugin in one sentence naming it', async () => {
    const failure = loadPlugins({
      specifiers: ['@paperclip/no-such-plugin'],
      directory: work,
      source: 'test',
    });
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(
      `The plugin "@paperclip/no-such-plugin" (listed in test) could not be loaded: it is not installed where ${work} can see it.`,
    );
  });

  it('reports a module that exports no plugin in one sentence', async () => {
    const failure = loadPlugins({ specifiers: ['./not-a-plugin.ts'], directory: fixtures, source: 'test' });
    await expect(failure).rejects.toThrow(
      /^The plugin "\.\/not-a-plugin\.ts" \(listed in test\) could not be loaded: it exports no Paperclip plugin/,
    );
  });
});

describe('CliGames', () => {
  it('names the known games when asked for an unknown one, and says so when there are none', async () => {
    const plugins = await loadPlugins({
      specifiers: ['./toy-plugin.ts'],
      directory: fixtures,
      source: 'test',
    });
    expect(() => new CliGames(plugins).byName('chess')).toThrow(
      '"chess" is not a game this command can play: the games known here are "toy".',
    );
    expect(() => new CliGames([]).byName('chess')).toThrow(/no plugin providing a game is loaded/);
  });

  it('refuses two plugins playing the same game id', async () => {
    const [toy] = await loadPlugins({ specifiers: ['./toy-plugin.ts'], directory: fixtures, source: 'test' });
    expect(() => new CliGames([toy!, { ...toy!, name: 'copy' }])).toThrow(
      'The plugins "toy" and "copy" both play game 9.',
    );
  });
});
