// Runs a doc block for real: a TypeScript module or shell lines in a scratch folder, or a long-running command
// until it says it is ready. Workspace packages resolve to their sources (tsx), so no build is needed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { PAPERCLIP_SHELL_COMMAND } from '../../../packages/cli/test/support/cli-process.ts';

/** tsx's loader by absolute URL: a bare `--import tsx` would be resolved from the scratch folder. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Node flags that make a process read the workspace sources: the source export condition and tsx's loader. */
const NODE_FLAGS = `--conditions=@paperclip/source --import=${TSX_LOADER}`;

/** A command that has not finished by then is killed and fails its block (a hung example, not a slow one). */
const DEADLINE_MS = 60_000;

/** How long a stopped server may take to exit after SIGINT before it is killed. */
const STOP_GRACE_MS = 10_000;

/** What a finished command left behind. */
export interface Finished {
  exitCode: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/**
 * A scratch folder set up like a project that installed the packages a doc names: an ES module package whose
 * node_modules links every package the repository has (the `@paperclip/*` ones are the workspace's), with the
 * repository's bins plus `paperclip`, which runs the CLI's sources as `npx @paperclip/cli` would run the published
 * one. `remove()` deletes it.
 */
export function scratchFolder(root: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'paperclip-doc-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  const modules = join(root, 'node_modules');
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  for (const name of readdirSync(modules)) {
    if (name !== '.bin') symlinkSync(join(modules, name), join(dir, 'node_modules', name), 'dir');
  }
  for (const name of readdirSync(join(modules, '.bin'))) {
    symlinkSync(join(modules, '.bin', name), join(dir, 'node_modules/.bin', name));
  }
  const paperclip = `exec ${PAPERCLIP_SHELL_COMMAND} "$@"`; // the CLI's sources, as the CLI tests run them
  for (const bin of [join(dir, 'node_modules/.bin'), join(dir, SHIMS)]) shim(bin, 'paperclip', paperclip);
  // npm's own start-up is five times slower under tsx's hooks, and what npx starts brings its own loader (tsx) or
  // needs none (tsc, vite); the paperclip bin above names tsx itself.
  shim(
    join(dir, SHIMS),
    'npx',
    `NODE_OPTIONS="--conditions=@paperclip/source" exec "${whereIs('npx')}" "$@"`,
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Folder of the scratch project's command shims, first in PATH for every command a block runs. */
const SHIMS = '.doc-test-bin';

/** PATH for commands run with the scratch folder `dir`: its shims first. */
export function pathWithShims(dir: string): string {
  return `${join(dir, SHIMS)}:${process.env['PATH'] ?? ''}`;
}

function shim(folder: string, name: string, command: string): void {
  mkdirSync(folder, { recursive: true });
  rmSync(join(folder, name), { force: true });
  writeFileSync(join(folder, name), `#!/bin/sh\n${command}\n`, { mode: 0o755 });
}

function whereIs(command: string): string {
  const found = (process.env['PATH'] ?? '')
    .split(':')
    .map((folder) => join(folder, command))
    .find((path) => existsSync(path));
  if (found === undefined) throw new Error(`${command} is not on PATH.`);
  return found;
}

/** Runs a TypeScript/JavaScript block as a module file in `dir`; resolves when it exits (or is killed at the deadline). */
export function runModule(code: string, options: { dir: string; name: string; env?: NodeJS.ProcessEnv }) {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, `${options.name}.ts`);
  writeFileSync(file, code);
  return finish(start(process.execPath, [file], options));
}

/** Runs shell lines with bash -e in `cwd`: the first failing line fails the block. */
export function runShell(code: string, options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return finish(start('bash', ['-e', '-c', code], { dir: options.cwd, env: options.env }));
}

/** A long-running shell line (a server), started in its own process group. */
export interface Background {
  /** Everything it printed so far. */
  output: () => string;
  /** Resolves true once its output contains `text`, false if it exits first. */
  waitFor: (text: string) => Promise<boolean>;
  /** SIGINT to the whole process group (npm → sh → node); resolves once it has exited. */
  stop: () => Promise<Finished>;
}

/** Starts `line` with bash in `cwd` and leaves it running. */
export function startBackground(line: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): Background {
  const child = start('bash', ['-c', line], { dir: options.cwd, env: options.env });
  const ended = finish(child, Number.POSITIVE_INFINITY); // it runs until stop()
  return {
    output: () => child.output,
    waitFor: (text) =>
      new Promise<boolean>((resolve) => {
        const look = () => {
          if (!child.output.includes(text)) return;
          child.process.stdout?.off('data', look);
          child.process.stderr?.off('data', look);
          resolve(true);
        };
        child.process.stdout?.on('data', look);
        child.process.stderr?.on('data', look);
        look();
        void ended.then(() => resolve(child.output.includes(text)));
      }),
    stop: () => {
      signalGroup(child.process, 'SIGINT');
      // A server that ignores SIGINT must not hang the test's clean-up; the doc's own claim is checked elsewhere.
      const kill = setTimeout(() => signalGroup(child.process, 'SIGKILL'), STOP_GRACE_MS);
      return ended.finally(() => clearTimeout(kill));
    },
  };
}

interface Started {
  process: ChildProcess;
  output: string;
}

/** Process groups started and not ended yet. They are detached, so nothing else stops them if a test is cut short. */
const live = new Set<ChildProcess>();
process.once('exit', stopStragglers);

/** Kills every process group a block started that is still running (a test that failed or was filtered out). */
export function stopStragglers(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
  live.clear();
}

function start(command: string, args: string[], options: { dir: string; env?: NodeJS.ProcessEnv }): Started {
  const child = spawn(command, args, {
    cwd: options.dir,
    env: { ...withoutColour(process.env), NODE_OPTIONS: NODE_FLAGS, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: a deadline or stop() reaches npm → sh → node alike
  });
  live.add(child);
  child.on('close', () => live.delete(child));
  const started: Started = { process: child, output: '' };
  const collect = (chunk: Buffer) => {
    started.output += stripVTControlCharacters(chunk.toString('utf8'));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return started;
}

/** Resolves when the process exits; a process still running at the deadline is killed (a hung block fails). */
function finish(started: Started, deadlineMs = DEADLINE_MS): Promise<Finished> {
  return new Promise((resolve) => {
    const deadline =
      deadlineMs === Number.POSITIVE_INFINITY
        ? undefined
        : setTimeout(() => signalGroup(started.process, 'SIGKILL'), deadlineMs);
    started.process.on('close', (exitCode) => {
      clearTimeout(deadline);
      resolve({ exitCode, output: started.output });
    });
  });
}

/** FORCE_COLOR (even "0") turns colours on in picocolors; the output is matched as plain text. */
function withoutColour(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _, ...rest } = env;
  return rest;
}

/** Signals the child's whole group: its leader (bash, npm) may have exited while what it started still runs. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
