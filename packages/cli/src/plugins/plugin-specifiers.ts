// Where the plugin list comes from: PAPERCLIP_PLUGINS, else the `paperclip.plugins` field of the project's package.json.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../cli-errors.ts';

/** The plugin module specifiers to load, and the directory they are resolved from. */
export interface PluginList {
  specifiers: string[];
  /** Relative specifiers and package names are resolved from here. */
  directory: string;
  /** Where the list was found, for messages: "PAPERCLIP_PLUGINS" or a package.json path. */
  source: string;
}

/**
 * The plugins to load. PAPERCLIP_PLUGINS (comma-separated; set but empty means none) wins, resolved from `cwd`.
 * Otherwise the nearest package.json at or above `cwd` that has a `paperclip` field gives `paperclip.plugins`,
 * resolved from its directory (so running from a workspace folder still finds the root's list). Neither: none.
 */
export function findPluginList(
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): PluginList {
  const variable = env['PAPERCLIP_PLUGINS'];
  if (variable !== undefined) {
    const specifiers = variable
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    return { specifiers, directory: cwd, source: 'PAPERCLIP_PLUGINS' };
  }
  for (let directory = cwd; ; directory = dirname(directory)) {
    const file = join(directory, 'package.json');
    const field = readPaperclipField(file);
    if (field !== undefined) return { specifiers: pluginsOf(field, file), directory, source: file };
    if (dirname(directory) === directory) return { specifiers: [], directory: cwd, source: 'none' };
  }
}

/** The `paperclip` field of a package.json, or undefined when the file or the field is missing. */
function readPaperclipField(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return (JSON.parse(text) as { paperclip?: unknown }).paperclip;
  } catch {
    // A broken package.json elsewhere up the tree is not ours to report; keep looking.
    return undefined;
  }
}

function pluginsOf(field: unknown, file: string): string[] {
  const plugins = typeof field === 'object' && field !== null ? (field as { plugins?: unknown }).plugins : [];
  if (plugins === undefined) return [];
  if (!Array.isArray(plugins) || !plugins.every((entry) => typeof entry === 'string')) {
    throw new UserError(`"paperclip.plugins" in ${file} must be an array of module names.`, 2);
  }
  return plugins;
}
