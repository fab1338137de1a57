// A bounded pool for password work (scrypt hashes and checks, account-key generation and re-encryption).
// libuv has 4 threads shared with DNS and file I/O; running at most `concurrency` of these jobs keeps some
// threads free, and the bounded queue answers 429 at once instead of letting waits grow without limit.
import { availableParallelism } from 'node:os';
import { PlatformError } from '../errors.ts';

/** Sizes of the pool. */
export interface PasswordPoolOptions {
  /** Jobs running at once (PASSWORD_HASH_CONCURRENCY). */
  concurrency: number;
  /** Jobs waiting for a slot beyond which new ones are refused (PASSWORD_HASH_QUEUE). */
  queue: number;
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
  readonly #waiting: (() => void)[] = [];
  #active = 0;
  #rejected = 0;

  constructor(options: PasswordPoolOptions) {
    if (!(options.concurrency >= 1) || !(options.queue >= 0)) throw new RangeError('Bad password pool size.');
    this.#options = options;
  }

  /** Runs `job` when a slot is free; throws passwordPoolBusy() at once if the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#options.concurrency) {
      if (this.#waiting.length >= this.#options.queue) {
        this.#rejected += 1;
        throw passwordPoolBusy();
      }
      await new Promise<void>((start) => this.#waiting.push(start));
    } else {
      this.#active += 1;
    }
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next waiter (it is already counted in #active).
      const next = this.#waiting.shift();
      if (next === undefined) this.#active -= 1;
      else next();
    }
  }

  /** True when a job would be refused right now (lets optional work step aside). */
  get full(): boolean {
    return this.#active >= this.#options.concurrency && this.#waiting.length >= this.#options.queue;
  }

  stats(): PasswordPoolStats {
    return { active: this.#active, queued: this.#waiting.length, rejected: this.#rejected };
  }
}
