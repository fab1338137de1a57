// Who may hold a connection slot: half-open connections (before the handshake finishes) have their own cap and
// deadline, finished ones count against maxConnections, and every source address has a cap over both.

import { MessageErrorCode } from './errors.ts';
import { sourceKey } from './source-address.ts';

/** Schedules `action` after `ms`; returns a function that cancels it. Injected by tests (no sleeps). */
export type DeadlineScheduler = (ms: number, action: () => void) => () => void;

/** The admission limits of a server; every one has a safe default (see {@link MessageServerOptions}). */
export interface AdmissionLimits {
  maxConnections: number;
  maxHalfOpen: number;
  halfOpenTimeoutMs: number;
  maxConnectionsPerAddress: number;
}

/** What happens to a connection: let it handshake, or refuse it with a code and a sentence. */
export type AdmissionVerdict = { ok: true } | { ok: false; code: MessageErrorCode; message: string };

/** What the bookkeeping needs from a connection: a way to be closed. */
export interface Admitted {
  close(message: string, code: MessageErrorCode): unknown;
}

/** Default deadline scheduler: a Node/browser timer that never keeps a process alive on its own. */
export const realDeadlines: DeadlineScheduler = (ms, action) => {
  const timer = setTimeout(action, ms);
  (timer as { unref?: () => void }).unref?.();
  return () => clearTimeout(timer);
};

/** Counts connections per phase and per source; closes half-open ones at their deadline or to make room. */
export class Admission<C extends Admitted> {
  readonly #limits: AdmissionLimits;
  readonly #schedule: DeadlineScheduler;
  /** Half-open connections, oldest first, with the function that cancels their deadline. */
  readonly #halfOpen = new Map<C, () => void>();
  readonly #open = new Set<C>();
  readonly #sources = new Map<C, string>();
  readonly #perSource = new Map<string, number>();

  constructor(limits: AdmissionLimits, schedule: DeadlineScheduler) {
    this.#limits = limits;
    this.#schedule = schedule;
  }

  /** Connections still handshaking. */
  get halfOpen(): number {
    return this.#halfOpen.size;
  }

  /** Connections that finished their handshake. */
  get open(): number {
    return this.#open.size;
  }

  /** False when a connection from `remoteAddress` would be refused for its source (checked before it exists). */
  admitsSource(remoteAddress: string): boolean {
    return this.fromSource(remoteAddress) < this.#limits.maxConnectionsPerAddress;
  }

  /** Connections currently counted for the source of `remoteAddress`. */
  fromSource(remoteAddress: string): number {
    return this.#perSource.get(sourceKey(remoteAddress)) ?? 0;
  }

  /**
   * A new connection from `remoteAddress`. It is counted for its source either way (until `leave`).
   * Refused when its source has too many or every finished slot is taken; otherwise it becomes
   * half-open with a deadline, and when the half-open table is full the oldest half-open one is
   * closed to make room (so sockets parked before HELLO cannot lock newcomers out).
   */
  arrive(connection: C, remoteAddress: string): AdmissionVerdict {
    const source = sourceKey(remoteAddress);
    const count = (this.#perSource.get(source) ?? 0) + 1;
    this.#perSource.set(source, count);
    this.#sources.set(connection, source);
    const limits = this.#limits;
    if (count > limits.maxConnectionsPerAddress) {
      return refuse(
        MessageErrorCode.SERVER_FULL,
        `Too many connections from your address (at most ${limits.maxConnectionsPerAddress}).`,
      );
    }
    if (this.#open.size >= limits.maxConnections) {
      return refuse(MessageErrorCode.SERVER_FULL, 'The server has no room for another connection.');
    }
    if (this.#halfOpen.size >= limits.maxHalfOpen) this.#evictOldestHalfOpen();
    const cancel = this.#schedule(limits.halfOpenTimeoutMs, () => {
      if (!this.#halfOpen.has(connection)) return;
      this.#halfOpen.delete(connection);
      connection.close('The handshake did not finish in time.', MessageErrorCode.HANDSHAKE_TIMEOUT);
    });
    this.#halfOpen.set(connection, cancel);
    return { ok: true };
  }

  /** The connection finished its handshake: it leaves the half-open table and takes a finished slot, if one is left. */
  promote(connection: C): AdmissionVerdict {
    this.#endHalfOpen(connection);
    if (this.#open.size >= this.#limits.maxConnections) {
      return refuse(MessageErrorCode.SERVER_FULL, 'The server has no room for another connection.');
    }
    this.#open.add(connection);
    return { ok: true };
  }

  /** The connection closed: every count it held is released. */
  leave(connection: C): void {
    this.#endHalfOpen(connection);
    this.#open.delete(connection);
    const source = this.#sources.get(connection);
    if (source === undefined) return;
    this.#sources.delete(connection);
    const left = (this.#perSource.get(source) ?? 1) - 1;
    if (left <= 0) this.#perSource.delete(source);
    else this.#perSource.set(source, left);
  }

  #endHalfOpen(connection: C): void {
    const cancel = this.#halfOpen.get(connection);
    if (!cancel) return;
    cancel();
    this.#halfOpen.delete(connection);
  }

  #evictOldestHalfOpen(): void {
    const oldest = this.#halfOpen.keys().next().value;
    if (oldest === undefined) return;
    this.#endHalfOpen(oldest);
    oldest.close(
      'Too many connections are handshaking; this one waited longest.',
      MessageErrorCode.SERVER_FULL,
    );
  }
}

function refuse(code: MessageErrorCode, message: string): AdmissionVerdict {
  return { ok: false, code, message };
}
