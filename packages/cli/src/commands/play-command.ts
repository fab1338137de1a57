// The exact command that starts a client against this server: `npx paperclip` in the clone, else the scoped package.
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where this CLI runs from: a repository clone (its workspace root), or a package installed from npm. */
export type CliInstall = { kind: 'workspace'; root: string } | { kind: 'package' };

/** The URL a client uses when given none (interactive's default): the banner leaves it out. */
const DEFAULT_SERVER_URL = 'http://127.0.0.1:5000';

/**
 * How this CLI was installed, from where its own module lies. Under a `node_modules` folder it came from npm
 * (`npx @paperclip/cli`, `npm i @paperclip/cli`): there the bare name `paperclip` is an unrelated npm package,
 * so only the scoped name is safe. Otherwise it is a clone's workspace (npm links the module's real path), and
 * `npx paperclip` run in the clone finds the workspace's bin in node_modules/.bin.
 *
 * @example
 * cliInstall('file:///home/me/paperclip/packages/cli/src/commands/play-command.ts');
 * // { kind: 'workspace', root: '/home/me/paperclip' }
 */
export function cliInstall(moduleUrl: string = import.meta.url): CliInstall {
  const path = fileURLToPath(moduleUrl);
  if (path.split(sep).includes('node_modules')) return { kind: 'package' };
  const root = workspaceRoot(dirname(path));
  return root === undefined ? { kind: 'package' } : { kind: 'workspace', root };
}

/** The nearest folder above `from` whose package.json declares npm workspaces (the clone's root). */
function workspaceRoot(from: string): string | undefined {
  for (let directory = from; ; directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        workspaces?: unknown;
      };
      if (Array.isArray(manifest.workspaces)) return directory;
    } catch {
      // No package.json here (or not readable): keep walking up.
    }
    if (dirname(directory) === directory) return undefined;
  }
}

/**
 * The command a second terminal runs to play against `serverUrl`: `npx paperclip` in a clone, `npx @paperclip/cli`
 * otherwise, with `--server` unless the URL is the client's default.
 *
 * @example
 * playCommand('http://127.0.0.1:5000', { kind: 'package' }); // 'npx @paperclip/cli'
 */
export function playCommand(serverUrl: string, install: CliInstall): string {
  const base = install.kind === 'workspace' ? 'npx paperclip' : 'npx @paperclip/cli';
  return serverUrl === DEFAULT_SERVER_URL ? base : `${base} --server ${serverUrl}`;
}
