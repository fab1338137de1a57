// Imports the plugin modules (lazily: only serve, play and the interactive client call this) and checks their shape.
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../cli-errors.ts';
import type { PaperclipPlugin } from './paperclip-plugin.ts';
import { findPluginList, type PluginList } from './plugin-specifiers.ts';

/**
 * Loads every plugin of the list (default: {@link findPluginList}). A plugin that is missing, throws while
 * loading, or exports no plugin stops the command with one sentence naming it.
 */
export async function loadPlugins(list: PluginList = findPluginList()): Promise<PaperclipPlugin[]> {
  const plugins: PaperclipPlugin[] = [];
  // Say where the name was listed: the user fixes that variable or file.
  const where = list.source.endsWith('package.json') ? `"paperclip.plugins" in ${list.source}` : list.source;
  for (const specifier of list.specifiers) {
    let module: Record<string, unknown>;
    try {
      module = await importPlugin(specifier, list.directory);
    } catch (error) {
      const why = reason(error, specifier, list.directory);
      throw new UserError(`The plugin "${specifier}" (listed in ${where}) could not be loaded: ${why}`);
    }
    const plugin = module['default'] ?? module['plugin'];
    const problem = shapeProblem(plugin);
    if (problem !== undefined) {
      throw new UserError(`The plugin "${specifier}" (listed in ${where}) could not be loaded: ${problem}`);
    }
    plugins.push(plugin as PaperclipPlugin);
  }
  return plugins;
}

/**
 * Imports a plugin module. A path is taken from `directory`. A package name is imported as the CLI would
 * (ESM resolution with the process's --conditions, so `--conditions=@paperclip/source` reaches the sources);
 * when the CLI cannot see it (say, a global CLI and a project-local plugin), it is resolved from `directory`.
 */
async function importPlugin(specifier: string, directory: string): Promise<Record<string, unknown>> {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    return import(pathToFileURL(resolve(directory, specifier)).href);
  }
  try {
    return await import(specifier);
  } catch (error) {
    if (!isMissing(error, specifier)) throw error;
    let path: string;
    try {
      path = createRequire(join(directory, 'package.json')).resolve(specifier);
    } catch {
      throw error;
    }
    return import(pathToFileURL(path).href);
  }
}

/**
 * True when the plugin's own package cannot be found or does not export the path, as opposed to a module the
 * plugin imports being missing (that is the plugin's bug, reported with its own message).
 */
function isMissing(error: unknown, specifier: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return true;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const name = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  return typeof message === 'string' && message.includes(`'${name}'`);
}

/** Why loading failed, as the end of a sentence (no stack, no multi-line compiler output). */
function reason(error: unknown, specifier: string, directory: string): string {
  if (isMissing(error, specifier)) return `it is not installed where ${directory} can see it.`;
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0]?.trim() || 'it failed while loading.';
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

/** What is wrong with a module's export, or undefined when it is a plugin. */
function shapeProblem(value: unknown): string | undefined {
  const notAPlugin = 'it exports no Paperclip plugin (a default export { name, games?, players? }).';
  if (typeof value !== 'object' || value === null) return notAPlugin;
  const plugin = value as Record<string, unknown>;
  if (typeof plugin['name'] !== 'string' || plugin['name'] === '') return notAPlugin;
  const games = plugin['games'] ?? [];
  const players = plugin['players'] ?? [];
  if (!Array.isArray(games) || !games.every(isGame)) {
    return '"games" must be a list of platform games ({ id, name, minPlayers, maxPlayers, createServer }).';
  }
  if (!Array.isArray(players) || !players.every(isPlayer)) {
    return '"players" must be a list of CLI games ({ id, name, parseMoves, playScripted, playInteractive }).';
  }
  return undefined;
}

/** The fields (and their `typeof`) a platform game and a CLI game must have. */
const GAME_FIELDS = { id: 'number', name: 'string', createServer: 'function' } as const;
const PLAYER_FIELDS = {
  id: 'number',
  name: 'string',
  parseMoves: 'function',
  playScripted: 'function',
  playInteractive: 'function',
} as const;

function isGame(value: unknown): boolean {
  return hasFields(value, GAME_FIELDS);
}

function isPlayer(value: unknown): boolean {
  return hasFields(value, PLAYER_FIELDS);
}

function hasFields(value: unknown, fields: Readonly<Record<string, string>>): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(fields).every(([key, type]) => typeof record[key] === type);
}
