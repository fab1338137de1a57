// Spawns the `paperclip` sources (node --import tsx src/bin.ts …) as a child process and watches its output.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Absolute path of the CLI's entry module (TypeScript; run through tsx, a devDependency). */
export const PAPERCLIP_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '../../src/bin.ts');

/** tsx's loader by absolute URL: `--import tsx` would be resolved from the child's cwd, often a temp dir. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * How every test runs `paperclip`: node with tsx's loader on the sources, and the `@paperclip/source` export
 * condition so workspace packages and plugins resolve to their sources too; tests need no build. Spawn it as
 * `spawn(PAPERCLIP_COMMAND[0], [...PAPERCLIP_COMMAND.slice(1), ...args])`.
 */
export const PAPERCLIP_COMMAND = [
  process.execPath,
  '--conditions=@paperclip/source',
  '--import',
  TSX_LOADER,
  PAPERCLIP_ENTRY,
] as const;

/** PAPERCLIP_COMMAND as one shell command line (for tmux panes); the paths hold no spaces or quotes here. */
export const PAPERCLIP_SHELL_COMMAND = PAPERCLIP_COMMAND.join(' ');

/** A running `paperclip` process with its output so far. */
export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  line(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts `paperclip <args>` with extra environment variables (cwd: a caller-chosen directory). */
export function spawnCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliProcess {
  const [command, ...prefix] = PAPERCLIP_COMMAND;
  const child = spawn(command, [...prefix, ...args], {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const wake of [...waiters]) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running.delete(child);
      for (const wake of [...waiters]) wake();
      resolve(code);
    });
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          for (const text of out.split('\n')) {
            const match = text.match(pattern);
            if (match) {
              waiters.splice(waiters.indexOf(check), 1);
              resolve(match);
              return;
            }
          }
          if (ended || child.exitCode !== null) {
            waiters.splice(waiters.indexOf(check), 1);
            reject(new Error(`paperclip exited before printing ${pattern}; stderr: ${err}`));
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

/** Kills (by PID) every child still running and waits for them to exit. */
export async function killAll(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** The last JSON line a process printed on stdout. */
export function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((text) => text.startsWith('{'));
  if (lines.length === 0) throw new Error(`no JSON line in: ${stdout}`);
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}
