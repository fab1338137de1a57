// Runs the platform as a child process (tsx, source conditions) and tells when it listens, for tests that kill it
// and for the tests of the process itself (src/main.ts: its logs, signals and refusals).
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cheapMain = resolve(here, 'cheap-platform-main.ts');
/** The platform's real entry point (production scrypt costs). */
export const PLATFORM_MAIN = resolve(here, '../../src/main.ts');
// tsx's ESM loader by absolute URL: the child may run in a temporary directory.
const tsxLoader = pathToFileURL(resolve(here, '../../../../node_modules/tsx/dist/loader.mjs')).href;

/** A running platform process. */
export interface PlatformProcess {
  child: ChildProcess;
  /** http://127.0.0.1:port */
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every process started here, so a failing test still kills them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the platform (test scrypt costs) with `env`; resolves once it logs that it listens. */
export function startPlatformProcess(env: Record<string, string>, cwd: string): Promise<PlatformProcess> {
  return startEntryPoint(cheapMain, { SECRET_KEY: 'durability-test-secret-0123456789', ...env }, cwd);
}

/** Runs the entry point `main` with PATH and `env` only (nothing else of this process's environment). */
export function spawnEntryPoint(main: string, env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--conditions=@paperclip/source', '--import', tsxLoader, main], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the entry point `main` on loopback (any port, no auth rate limit) with `env`; resolves once it listens. */
export function startEntryPoint(
  main: string,
  env: Record<string, string>,
  cwd: string,
): Promise<PlatformProcess> {
  const child = spawnEntryPoint(
    main,
    { TCP_PORT: '0', S_HOST: '127.0.0.1', AUTH_RATE_LIMIT: '0', ...env },
    cwd,
  );
  running.add(child);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    }),
  );
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"Paperclip platform listening"/.exec(output);
      if (match !== null) resolveStart({ child, url: match[1]!, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`the platform exited (${code ?? signal}) before listening:\n${output}`)),
    );
  });
}

/** SIGKILLs the process and waits until it is gone. */
export async function killHard(platform: PlatformProcess): Promise<void> {
  platform.child.kill('SIGKILL');
  await platform.exited;
}
