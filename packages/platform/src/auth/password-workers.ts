// Password work on worker threads at the lowest OS priority. scrypt on libuv's pool runs at normal priority and
// takes a whole core from the event loop on a small machine; a nice'd thread only gets the CPU the event loop
// leaves, so token requests keep their latency while passwords are checked. The PasswordPool owns the workers
// (one per slot) and marks the job it runs with its worker; the crypto helpers below use it when present.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import { PASSWORD_WORKER_CODE } from './password-worker-code.ts';

/** What a worker reports about itself (for tests and diagnostics). */
export interface PasswordWorkerInfo {
  /** The worker's OS thread id (Linux), undefined where it cannot be found. */
  tid: number | undefined;
  /** True when it lowered its own priority. */
  niced: boolean;
  /** Its priority as the OS reports it, when niced. */
  priority: number | undefined;
}

/** scrypt options as node:crypto takes them. */
export interface WorkerScryptOptions {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

type Reply = { id: number; value?: unknown; error?: string };
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** One worker thread, started on first use and restarted if it dies; runs one request at a time in order. */
export class PasswordWorker {
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 0;
  #calls = 0;
  #closed = false;

  /** Requests sent so far (tests use it to see that work went to a worker). */
  get calls(): number {
    return this.#calls;
  }

  info(): Promise<PasswordWorkerInfo> {
    return this.#call({ op: 'info' }) as Promise<PasswordWorkerInfo>;
  }

  async scrypt(
    password: string,
    salt: Uint8Array,
    keyLength: number,
    options: WorkerScryptOptions,
  ): Promise<Buffer> {
    return asBuffer(await this.#call({ op: 'scrypt', password, salt, keyLength, options }));
  }

  async pbkdf2(
    password: string,
    salt: Uint8Array,
    iterations: number,
    keyLength: number,
    digest: string,
  ): Promise<Buffer> {
    return asBuffer(await this.#call({ op: 'pbkdf2', password, salt, iterations, keyLength, digest }));
  }

  /** An RSA key pair as SPKI and PKCS#8 DER. */
  async rsa(
    modulusLength: number,
    publicExponent: number,
  ): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
    const pair = (await this.#call({ op: 'rsa', modulusLength, publicExponent })) as {
      publicKey: Uint8Array;
      privateKey: Uint8Array;
    };
    return { publicKey: asBuffer(pair.publicKey), privateKey: asBuffer(pair.privateKey) };
  }

  /** Ends the thread; requests still running are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  #call(message: Record<string, unknown>): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('The password worker is closed.'));
    const worker = this.#start();
    const id = this.#nextId++;
    this.#calls += 1;
    // Held only while a request is out, so an idle pool never keeps the process alive.
    if (this.#pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(PASSWORD_WORKER_CODE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (reply.error === undefined) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error));
    });
    worker.on('error', (error) => this.#stopped(worker, error));
    worker.on('exit', () => this.#stopped(worker, new Error('The password worker stopped.')));
    this.#worker = worker;
    return worker;
  }

  /** A dead thread fails what it was doing; the next request starts a new one. */
  #stopped(worker: Worker, error: Error): void {
    if (this.#worker === worker) this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

function asBuffer(value: unknown): Buffer {
  const bytes = value as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const current = new AsyncLocalStorage<PasswordWorker>();

/** Runs `job` with `worker` as the one its password crypto uses (the PasswordPool's slot). */
export function runOnPasswordWorker<T>(worker: PasswordWorker, job: () => Promise<T>): Promise<T> {
  return current.run(worker, job);
}

/** The worker of the pool job this code runs in; undefined outside one (work then stays in this process). */
export function currentPasswordWorker(): PasswordWorker | undefined {
  return current.getStore();
}
