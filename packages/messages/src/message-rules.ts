// SmartPacket-style rules: which side may send which message (and which control message) in which connection state.
import { ControlId } from './control.ts';
import { ConnectionState, type MessageType } from './define-message.ts';
import { MessageError, MessageErrorCode } from './errors.ts';
import type { BoundMessageType, IdTable } from './registry.ts';

/** Which end of a connection this is. */
export type Side = 'client' | 'server';

/**
 * The send-side check: returns `type` bound to its id in `table`, or throws MessageError USAGE when
 * `side` may not send it, not in `state`, before a registry is agreed, or when it is not in `table`.
 */
export function bindForSend(
  type: MessageType,
  side: Side,
  state: ConnectionState,
  table: IdTable | undefined,
): BoundMessageType {
  if (type.from !== 'both' && type.from !== side) {
    throw new MessageError(MessageErrorCode.USAGE, `"${type.name}" may only be sent by the ${type.from}.`, {
      messageName: type.name,
    });
  }
  if (!type.states.includes(state) || table === undefined) {
    throw new MessageError(
      MessageErrorCode.USAGE,
      `"${type.name}" cannot be sent while the connection is ${state}.`,
      {
        messageName: type.name,
      },
    );
  }
  const bound = table.byName(type.name);
  if (!bound || bound.type !== type) {
    throw new MessageError(MessageErrorCode.USAGE, `"${type.name}" is not in this connection's registry.`, {
      messageName: type.name,
    });
  }
  return bound;
}

/** The receive-side check: why `type` from `sender` may not arrive in `state`, or undefined when it may. */
export function receiveViolation(
  type: MessageType,
  sender: Side,
  state: ConnectionState,
): string | undefined {
  if (type.from !== 'both' && type.from !== sender) {
    return `"${type.name}" may only be sent by the ${type.from}, but the ${sender} sent it.`;
  }
  if (!type.states.includes(state)) return `"${type.name}" is not allowed while the connection is ${state}.`;
  return undefined;
}

/** Where the handshake stands, as far as which control message may arrive next is concerned. */
export interface HandshakeProgress {
  /** The server has had HELLO (or PING) from this client. */
  helloSeen: boolean;
  /** The client has adopted the server's registry from WELCOME. */
  adopted: boolean;
}

/**
 * Which control messages the receiving `side` accepts in which state; anything else is a protocol
 * error that closes the connection.
 */
export function acceptsControl(
  id: number,
  side: Side,
  state: ConnectionState,
  progress: HandshakeProgress,
): boolean {
  const handshaking = state === ConnectionState.HANDSHAKING;
  switch (id) {
    case ControlId.HELLO:
    case ControlId.PING:
      return side === 'server' && handshaking && !progress.helloSeen;
    case ControlId.WELCOME:
      return side === 'client' && handshaking && !progress.adopted;
    case ControlId.READY:
      return side === 'server' && handshaking && progress.helloSeen;
    case ControlId.CLOSE:
    case ControlId.ERROR:
      return state !== ConnectionState.CLOSED;
    default:
      return false;
  }
}
