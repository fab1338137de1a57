// defineMessage(): a named, schema-checked message type with its delivery kind and SmartPacket-style rules.
import type { Static, TSchema } from '@sinclair/typebox';

/** How a message type travels. Over WebSocket every kind is reliable-ordered underneath. */
export const Delivery = {
  /** Arrives once, in the order sent relative to other reliable-ordered messages of the connection. */
  RELIABLE_ORDERED: 'reliable-ordered',
  /** Arrives once, in any order. */
  RELIABLE_UNORDERED: 'reliable-unordered',
  /** May be lost or reordered. */
  UNRELIABLE: 'unreliable',
  /** May be lost; an older one arriving after a newer one of the same type is dropped (newest wins). */
  UNRELIABLE_SEQUENCED: 'unreliable-sequenced',
} as const;
export type Delivery = (typeof Delivery)[keyof typeof Delivery];

/** Wire number of each delivery kind (the low two bits of a frame head). */
export const DELIVERY_WIRE: Record<Delivery, number> = {
  'reliable-ordered': 0,
  'reliable-unordered': 1,
  unreliable: 2,
  'unreliable-sequenced': 3,
};

/** Which side may send a message type. */
export type SenderSide = 'client' | 'server' | 'both';

/** Lifecycle states of a connection, like peng3dnet's STATE_* constants. */
export const ConnectionState = {
  CONNECTING: 'connecting',
  HANDSHAKING: 'handshaking',
  ACTIVE: 'active',
  CLOSING: 'closing',
  CLOSED: 'closed',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** What a receiver does with a message that breaks its rules (peng3dnet SmartPacket.invalid_action). */
export type ViolationAction = 'ignore' | 'close';

/** Per-type rules; every field has a default. */
export interface MessageRules {
  /** Default 'reliable-ordered'. */
  delivery?: Delivery;
  /** Which side may send it. Default 'both'. */
  from?: SenderSide;
  /** States in which it may be sent and received. Default ['active']. */
  states?: readonly ConnectionState[];
  /** What the receiver does on a violation. Default 'ignore'. */
  onViolation?: ViolationAction;
}

/** A registered-able message type. `T` is the payload type derived from the schema. */
export interface MessageType<Name extends string = string, Schema extends TSchema = TSchema> {
  readonly name: Name;
  readonly schema: Schema;
  readonly delivery: Delivery;
  readonly from: SenderSide;
  readonly states: readonly ConnectionState[];
  readonly onViolation: ViolationAction;
  /** Phantom field carrying the payload type; never set at run time. */
  readonly payload?: Static<Schema>;
}

/** The payload type of a message type. */
export type PayloadOf<M> = M extends MessageType<string, infer S> ? Static<S> : never;

/** Names are `namespace:name`, e.g. "chat:message" or "game:state.update" (peng3dnet's scheme). */
const NAME_PATTERN = /^[a-z][a-z0-9_-]*(?::[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)+$/i;
/** Names longer than this are refused: they travel in the registry at every connect. */
const MAX_MESSAGE_NAME_LENGTH = 64;

/**
 * Defines a message type. The name must look like "namespace:name" and must not start with
 * "paperclip:" (reserved for the layer's own control messages).
 */
export function defineMessage<Name extends string, Schema extends TSchema>(
  name: Name,
  schema: Schema,
  rules: MessageRules = {},
): MessageType<Name, Schema> {
  if (name.length > MAX_MESSAGE_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    throw new TypeError(
      `Message name "${name}" is invalid: use "namespace:name" (letters, digits, _ - .), at most ${MAX_MESSAGE_NAME_LENGTH} characters.`,
    );
  }
  if (name.toLowerCase().startsWith('paperclip:')) {
    throw new TypeError(`Message name "${name}" is invalid: the "paperclip:" namespace is reserved.`);
  }
  const delivery = rules.delivery ?? Delivery.RELIABLE_ORDERED;
  if (!(delivery in DELIVERY_WIRE)) throw new TypeError(`Unknown delivery kind "${String(delivery)}".`);
  const states = rules.states ?? [ConnectionState.ACTIVE];
  if (states.length === 0) throw new TypeError(`Message "${name}" must allow at least one state.`);
  return Object.freeze({
    name,
    schema,
    delivery,
    from: rules.from ?? 'both',
    states: Object.freeze([...states]),
    onViolation: rules.onViolation ?? 'ignore',
  });
}
