// Child processes for the attack suite: servers run in their own process (own event loop, own RSS) and answer
// questions over Node IPC. Every child is killed when the suite exits, however it exits.
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** tsx's ESM loader by absolute URL, so children load TypeScript from any working directory. */
const tsxLoader = pathToFileURL(resolve(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** A request the parent sends: `{id, op, args}`; the child answers `{id, result}` or `{id, error}`. */
interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

/** A running child: `ask(op)` calls an operation it serves; `ready` is what it sent when it was ready. */
export interface ServerChild<Ready> {
  ready: Ready;
  ask<T>(op: string, args?: unknown): Promise<T>;
  /** Ends the child (SIGTERM, then SIGKILL after 3 s) and waits for its exit. */
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `attack/<script>` with IPC and waits for its first message `{ready: …}`. */
export function startChild<Ready>(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ServerChild<Ready>> {
  const child = fork(resolve(root, 'attack', script), args, {
    execArgv: ['--conditions=@paperclip/source', '--expose-gc', '--import', tsxLoader],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => live.delete(child));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new Error(`${script} was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message: { ready?: Ready } & Partial<Answer>) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolveStart({ ready: message.ready as Ready, ask, close });
        return;
      }
      const waiting = pending.get(message.id ?? -1);
      if (waiting === undefined) return;
      pending.delete(message.id!);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    void exited.then(() => {
      clearTimeout(timer);
      rejectStart(new Error(`${script} exited before it was ready`));
      for (const waiting of pending.values()) waiting.reject(new Error(`${script} exited`));
      pending.clear();
    });
  });

  function ask<T>(op: string, args?: unknown): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolveAsk, rejectAsk) => {
      pending.set(id, { resolve: resolveAsk as (value: unknown) => void, reject: rejectAsk });
      child.send({ id, op, args });
    });
  }

  async function close(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  }
}

/** Child side: answers the parent's requests with `handlers[op](args)`; exits when the parent goes away. */
export function serveParent(
  ready: unknown,
  handlers: Record<string, (args: never) => unknown>,
  stop: () => Promise<void>,
): void {
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message: { id: number; op: string; args: never }) => {
    const handler = handlers[message.op];
    if (handler === undefined) {
      send({ id: message.id, error: `unknown op ${message.op}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (result) => send({ id: message.id, result }),
        (error: unknown) =>
          send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  const shutdown = () => {
    void stop().finally(() => process.exit(0));
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  send({ ready });
}

/** Resident set size of this process in bytes, after a full GC when `--expose-gc` is on. */
export function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/** Heap, external and array-buffer bytes after a full GC: what JavaScript still holds, whatever RSS says. */
export function heldAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
