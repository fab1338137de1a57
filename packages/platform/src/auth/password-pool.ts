// A bounded pool for password work (scrypt hashes and checks, account-key generation and re-encryption).
// libuv has 4 threads shared with DNS and file I/O; running at most `concurrency` of these jobs keeps some
// threads free, and the bounded queue answers 429 at once instead of letting waits grow without limit. A job
// that waits longer than the queue deadline (the threads run at nice 19, so under CPU pressure a queue of 16
// can take tens of seconds) is taken out of the queue and answered 429 too, never started.
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
  /** Longest wait in the queue in ms (PASSWORD_HASH_QUEUE_TIMEOUT); then 429, never started. 0: no deadline. */
  queueTimeoutMs?: number;
  /** Arms a one-shot timer and returns its cancel function; tests inject one they fire by hand. */
  timer?: PoolTimer;
}

/** A setTimeout-like one-shot timer: calls `fire` after `ms`; the returned function cancels it. */
export type PoolTimer = (fire: () => void, ms: number) => () => void;

/** Default queue deadline: a login waits at most this long for a slot. */
const DEFAULT_PASSWORD_QUEUE_TIMEOUT_MS = 5000;

/** setTimeout, unref'd so a waiting job never keeps the process alive. */
const realTimer: PoolTimer = (fire, ms) => {
  const handle = setTimeout(fire, ms);
  handle.unref();
  return () => clearTimeout(handle);
};

/**
 * Default concurrency: 2 (libuv's other 2 threads stay free for DNS and files), but never every core, so
 * the event loop answering token requests keeps a core to itself (1 on a 2-core machine).
 */
export function defaultPasswordConcurrency(): number {
  return Math.min(2, Math.max(1, availableParallelism() - 1));
}

/** What the pool is doing; `rejected` (queue full or deadline passed) and `expired` (deadline) only grow. */
export interface PasswordPoolStats {
  active: number;
  queued: number;
  rejected: number;
  expired: number;
}

/** A job waiting for a slot: how to start it, how to refuse it, and its deadline's cancel function. */
interface Waiter {
  start: (worker: PasswordWorker | undefined) => void;
  refuse: (error: PlatformError) => void;
  cancel: () => void;
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
  readonly #waiting: Waiter[] = [];
  readonly #timeoutMs: number;
  readonly #timer: PoolTimer;
  /** Every worker (one per slot, threads start on first use) and those no running job holds. */
  readonly #workers: PasswordWorker[] = [];
  #free: PasswordWorker[] = [];
  #active = 0;
  #rejected = 0;
  #expired = 0;
  #closed = false;

  constructor(options: PasswordPoolOptions) {
    const timeoutMs = options.queueTimeoutMs ?? DEFAULT_PASSWORD_QUEUE_TIMEOUT_MS;
    if (!(options.concurrency >= 1) || !(options.queue >= 0) || !(timeoutMs >= 0))
      throw new RangeError('Bad password pool size.');
    this.#options = options;
    this.#timeoutMs = timeoutMs;
    this.#timer = options.timer ?? realTimer;
    if (options.workers === true) {
      for (let slot = 0; slot < options.concurrency; slot += 1) this.#workers.push(new PasswordWorker());
      this.#free = [...this.#workers];
    }
  }

  /**
   * Runs `job` when a slot is free; throws passwordPoolBusy() at once if the queue is full, or once the job
   * has waited `queueTimeoutMs` (it is then out of the queue and never runs).
   */
  async run<T>(job: () => Promise<T>): Promise<T> {
    let worker: PasswordWorker | undefined;
    if (this.#active >= this.#options.concurrency) {
      if (this.#waiting.length >= this.#options.queue) {
        this.#rejected += 1;
        throw passwordPoolBusy();
      }
      worker = await this.#wait();
    } else {
      this.#active += 1;
      worker = this.#free.pop();
    }
    try {
      return await (worker === undefined || this.#closed ? job() : runOnPasswordWorker(worker, job));
    } finally {
      // Hand the slot and its worker straight to the next waiter (it is already counted in #active).
      const next = this.#waiting.shift();
      if (next !== undefined) {
        next.cancel();
        next.start(worker);
      } else {
        this.#active -= 1;
        if (worker !== undefined && !this.#closed) this.#free.push(worker);
      }
    }
  }

  /** Queues the caller until a finishing job hands it a slot, or refuses it when the deadline passes first. */
  #wait(): Promise<PasswordWorker | undefined> {
    return new Promise((start, refuse) => {
      const waiter: Waiter = { start, refuse, cancel: () => undefined };
      this.#waiting.push(waiter);
      if (this.#timeoutMs > 0) waiter.cancel = this.#timer(() => this.#expire(waiter), this.#timeoutMs);
    });
  }

  /** The deadline passed: out of the queue (its place goes to those behind it) and 429. */
  #expire(waiter: Waiter): void {
    const index = this.#waiting.indexOf(waiter);
    if (index < 0) return; // already handed a slot
    this.#waiting.splice(index, 1);
    this.#expired += 1;
    this.#rejected += 1;
    waiter.refuse(passwordPoolBusy());
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
    return {
      active: this.#active,
      queued: this.#waiting.length,
      rejected: this.#rejected,
      expired: this.#expired,
    };
  }
}
