// Message definitions and helpers shared by the carrier contract suite.

import { encode } from '@msgpack/msgpack';
import type { MessageConnection, MessageError, MessageServer } from '@paperclip/messages';
import {
  DELIVERY_WIRE,
  defineMessage,
  encodeFrame,
  MessageRegistry,
  type MessageType,
} from '@paperclip/messages';
import { Type } from '@sinclair/typebox';

export const Chat = defineMessage('chat:message', Type.Object({ text: Type.String({ maxLength: 200 }) }));
export const Position = defineMessage('game:position', Type.Object({ i: Type.Integer() }), {
  delivery: 'unreliable-sequenced',
});
export const Ordered = defineMessage('test:ordered', Type.Object({ i: Type.Integer() }));
export const Unordered = defineMessage('test:unordered', Type.Object({ i: Type.Integer() }), {
  delivery: 'reliable-unordered',
});
export const Unreliable = defineMessage('test:unreliable', Type.Object({ i: Type.Integer() }), {
  delivery: 'unreliable',
});
export const Nested = defineMessage('test:nested', Type.Unknown());
/** Server-only, receivers ignore violations. */
export const Hint = defineMessage('game:hint', Type.Object({ text: Type.String() }), {
  from: 'server',
  delivery: 'reliable-unordered',
});
/** Server-only, receivers close on violation. */
export const Kick = defineMessage('admin:kick', Type.Object({ who: Type.String() }), {
  from: 'server',
  delivery: 'reliable-unordered',
  onViolation: 'close',
});

export const ALL_TYPES = [Chat, Position, Ordered, Unordered, Unreliable, Nested, Hint, Kick];
export const registry = new MessageRegistry(ALL_TYPES);

/** Frame numbers of rogue frames: far enough ahead of the connection's own that the replay window takes them. */
let rogueFrameNumber = 1000;

/**
 * Sends a message bypassing every local check (a rogue peer). Only for reliable-unordered and unreliable
 * kinds, whose frame numbers the receiver only deduplicates (sendRogue uses its own, from 1000 up).
 */
export function sendRogue(connection: MessageConnection, type: MessageType, payload: unknown): void {
  const wire = DELIVERY_WIRE[type.delivery];
  if (wire === 0 || wire === 3) throw new Error('sendRogue supports unsequenced kinds only');
  const id = registry.table.byName(type.name)!.id;
  connection.link.send(encodeFrame(id, wire, rogueFrameNumber++, encode(payload)), true);
}

/** Resolves with the next non-fatal error a connection reports. */
export function nextError(connection: MessageConnection): Promise<MessageError> {
  return new Promise((resolve) => connection.once('error', resolve));
}

/** Resolves with the next connection that becomes ready on a server. */
export function nextReady(server: MessageServer): Promise<MessageConnection> {
  return new Promise((resolve) => server.once('ready', resolve));
}
