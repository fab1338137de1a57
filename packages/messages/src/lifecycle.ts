// A connection's state machine: connecting → handshaking → active → closing → closed, its deadlines and close reasons.
import { ConnectionState } from './define-message.ts';
import type { CloseReason } from './errors.ts';

/**
 * The state of one connection and the single deadline that guards it (the handshake timeout
 * while handshaking, the close timeout while closing). It only records and times; the
 * connection decides when to move and what to send.
 */
export class ConnectionLifecycle {
  #state: ConnectionState = ConnectionState.CONNECTING;
  #closeReason: CloseReason | undefined;
  #pendingReason: CloseReason | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Why the connection closed, once it has. */
  get closeReason(): CloseReason | undefined {
    return this.#closeReason;
  }

  /** The reason a close under way will report (ours from `close`, or the peer's from CLOSE). */
  get pendingReason(): CloseReason | undefined {
    return this.#pendingReason;
  }

  /** State test that TypeScript does not narrow across calls that may change the state. */
  is(state: ConnectionState): boolean {
    return this.#state === state;
  }

  /** connecting → handshaking; `onTimeout` runs unless the handshake ends within `timeoutMs`. */
  beginHandshake(timeoutMs: number, onTimeout: () => void): void {
    this.#state = ConnectionState.HANDSHAKING;
    this.#arm(timeoutMs, onTimeout);
  }

  /** handshaking → active; the handshake deadline is cancelled. */
  activate(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#state = ConnectionState.ACTIVE;
  }

  /** Records the reason the coming close will report (set before anything is sent, so a sudden link close reports it). */
  announceClose(reason: CloseReason): void {
    this.#pendingReason = reason;
  }

  /** → closing; `onTimeout` runs unless the carrier closes within `timeoutMs`. */
  beginClosing(timeoutMs: number, onTimeout: () => void): void {
    this.#state = ConnectionState.CLOSING;
    this.#arm(timeoutMs, onTimeout);
  }

  /** → closed with `reason`, cancelling any deadline. Returns false (and changes nothing) if already closed. */
  finish(reason: CloseReason): boolean {
    if (this.#state === ConnectionState.CLOSED) return false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#state = ConnectionState.CLOSED;
    this.#closeReason = reason;
    return true;
  }

  #arm(ms: number, action: () => void): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(action, ms);
    // A pending deadline must not keep a Node process alive on its own.
    (this.#timer as { unref?: () => void }).unref?.();
  }
}
