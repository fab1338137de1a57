// Promise helpers behind waitForConnection/waitForClose: settle on an event, on close, or on a timeout.
import type { ConnectionEvents } from './connection-types.ts';
import { ConnectionState } from './define-message.ts';
import type { TypedEmitter } from './emitter.ts';
import { type CloseReason, MessageError, MessageErrorCode } from './errors.ts';

/** The typed error a close reason stands for (what a failed wait rejects with). */
function errorOf(reason: CloseReason): MessageError {
  return new MessageError(reason.code, reason.message);
}

/**
 * Resolves with the next `settleOn` event (for 'close': its reason); rejects with the close reason
 * when the connection closes first, or with TIMEOUT (`timeoutText`) after `timeoutMs`.
 */
function waitForEvent<K extends 'ready' | 'close'>(
  emitter: TypedEmitter<ConnectionEvents>,
  settleOn: K,
  timeoutMs: number,
  timeoutText: string,
): Promise<ConnectionEvents[K]> {
  return new Promise((resolve, reject) => {
    const offs: Array<() => void> = [];
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      for (const off of offs) off();
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new MessageError(MessageErrorCode.TIMEOUT, timeoutText))),
      timeoutMs,
    );
    offs.push(emitter.once(settleOn, (value) => finish(() => resolve(value))));
    if (settleOn !== 'close')
      offs.push(emitter.once('close', (reason) => finish(() => reject(errorOf(reason)))));
  });
}

/** What the connection waits read: its events, state and close reason. */
export type WaitableConnection = TypedEmitter<ConnectionEvents> & {
  readonly state: ConnectionState;
  readonly closeReason: CloseReason | undefined;
};

/** Resolves once `connection` is active; rejects with its close reason if it closes first, or TIMEOUT. */
export async function waitUntilActive(connection: WaitableConnection, timeoutMs: number): Promise<void> {
  if (connection.state === ConnectionState.ACTIVE) return;
  if (connection.closeReason) throw errorOf(connection.closeReason);
  await waitForEvent(connection, 'ready', timeoutMs, 'The connection did not become active in time.');
}

/** Resolves with `connection`'s close reason once closed; rejects with TIMEOUT. */
export function waitUntilClosed(connection: WaitableConnection, timeoutMs: number): Promise<CloseReason> {
  if (connection.closeReason) return Promise.resolve(connection.closeReason);
  return waitForEvent(connection, 'close', timeoutMs, 'The connection did not close in time.');
}
