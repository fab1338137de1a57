// A bounded pool for password work (scrypt hashes and checks, account-key generation and re-encryption).
// libuv has 4 threads shared with DNS and file I/O; running at most `concurrency` of these jobs keeps some
// threads free, and the bounded queue answers 429 at once instead of letting waits grow without limit.
import { availableParallelism } from 'node:os';
import { PlatformError } from '../errors.ts';
import { PasswordWorker, runOnPasswordWorker } from './password-workers.ts';

/** Sizes of the pool. */
export interface PasswordPoolOptions {
  /** Jobs running at once (PASSWORD_HASH_CONCURRENCY). */
  concurrency: number;
  /** Jobs waiting for a slot beyond which new ones are refused (PASSWORD_HASH_QUEUE). */
  queue: number;
  /**
   * Run each slot's crypto on its own worker thread at the lowest OS priority (PASSWORD_HASH_NICE), so the
   * event loop wins the CPU; off, it runs on libuv's pool at normal priority. Off unless asked for.
   */
  workers?: boolean;
}

/**
 * Default concurrency: 2 (libuv's other 2 threads stay free for DNS and files), but never every core, so
 * the event loop answering token requests keeps a core to itself (1 on a 2-core machine).
 */
export function defaultPasswordConcurrency(): number {
  return Math.min(2, Math.max(1, availableParallelism() - 1));
}

/** What the pool is doing; `rejected` only grows. */
export interface PasswordPoolStats {
  active: number;
  queued: number;
  rejected: number;
}

/** Seconds a refused client is told to wait (a check takes well under one). */
const RETRY_AFTER_SECONDS = 1;

/** The error a full pool answers with: 429 rate_limited, Retry-After 1. */
function passwordPoolBusy(): PlatformError {
  return new PlatformError(
    'RATE_LIMITED',
    `The server is busy checking other passwords; try again in ${RETRY_AFTER_SECONDS} s.`,
    { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );
}

/** Runs password jobs with bounded concurrency and a bounded queue. */
export class PasswordPool {
  readonly #options: PasswordPoolOptions;
  readonly #waiting: ((worker: PasswordWorker | undefined) => void)[] = [];
  /** Every worker (one per slot, threads start on first use) and those no running job holds. */
  readonly #workers: PasswordWorker[] = [];
  #free: PasswordWorker[] = [];
  #active = 0;
  #rejected = 0;
  #closed = false;

  constructor(options: PasswordPoolOptions) {
    if (!(options.concurrency >= 1) || !(options.queue >= 0)) throw new RangeError('Bad password pool size.');
    this.#options = options;
    if (options.workers === true) {
      for (let slot = 0; slot < options.concurrency; slot += 1) this.#workers.push(new PasswordWorker());
      this.#free = [...this.#workers];
    }
  }

  /** Runs `job` when a slot is free; throws passwordPoolBusy() at once if the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    let worker: PasswordWorker | undefined;
    if (this.#active >= this.#options.concurrency) {
      if (this.#waiting.length >= this.#options.queue) {
        this.#rejected += 1;
        throw passwordPoolBusy();
      }
      worker = await new Promise<PasswordWorker | undefined>((start) => this.#waiting.push(start));
    } else {
      this.#active += 1;
      worker = this.#free.pop();
    }
    try {
      return await (worker === undefined || this.#closed ? job() : runOnPasswordWorker(worker, job));
    } finally {
      // Hand the slot and its worker straight to the next waiter (it is already counted in #active).
      const next = this.#waiting.shift();
      if (next !== undefined) next(worker);
      else {
        this.#active -= 1;
        if (worker !== undefined && !this.#closed) this.#free.push(worker);
      }
    }
  }

  /** The worker threads' handles (empty when `workers` is off). */
  workers(): readonly PasswordWorker[] {
    return this.#workers;
  }

  /** Ends the worker threads (jobs still running on them fail); later jobs run in this process. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#free = [];
    await Promise.all(this.#workers.map((worker) => worker.close()));
  }

  /** True when a job would be refused right now (lets optional work step aside). */
  get full(): boolean {
    return this.#active >= this.#options.concurrency && this.#waiting.length >= this.#options.queue;
  }

  stats(): PasswordPoolStats {
    return { active: this.#active, queued: this.#waiting.length, rejected: this.#rejected };
  }
}
