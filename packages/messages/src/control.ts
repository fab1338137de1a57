// Control messages (ids 0-15): the handshake, close and error reports, and ping over reliable carriers.
import { Type } from '@sinclair/typebox';

/** Version of the message-layer protocol carried in HELLO and WELCOME. */
export const MESSAGE_PROTOCOL_VERSION = 2;

/** Control message ids. All travel as reliable-ordered frames. */
export const ControlId = {
  HELLO: 0,
  WELCOME: 1,
  READY: 2,
  CLOSE: 3,
  ERROR: 4,
  PING: 5,
  PONG: 6,
} as const;
export type ControlId = (typeof ControlId)[keyof typeof ControlId];

const Hash = Type.String({ maxLength: 32 });

/** Client → server, first frame: protocol version, registry hash, optional platform token. */
export const HelloSchema = Type.Object({
  v: Type.Integer({ minimum: 0 }),
  hash: Hash,
  token: Type.Optional(Type.String()),
});

/** Server → client: the registry as [id, name, fingerprint] triples and its hash. */
export const WelcomeSchema = Type.Object({
  v: Type.Integer({ minimum: 0 }),
  hash: Hash,
  entries: Type.Array(
    Type.Tuple([Type.Integer({ minimum: 16, maximum: 2 ** 26 - 1 }), Type.String({ maxLength: 64 }), Hash]),
  ),
});

/** Client → server: the registry was adopted; the client is active. */
export const ReadySchema = Type.Object({ hash: Hash });

/** Either side: the connection is closing, with a reason. */
export const CloseSchema = Type.Object({
  code: Type.Integer({ minimum: 0 }),
  message: Type.String({ maxLength: 512 }),
});

/** Either side: one of your messages was rejected (the connection stays up). */
export const ErrorSchema = Type.Object({
  code: Type.Integer({ minimum: 0 }),
  message: Type.String({ maxLength: 512 }),
  name: Type.Optional(Type.String({ maxLength: 64 })),
});

/** PING/PONG carry the raw ping query/answer bytes. */
export const PingSchema = Type.Uint8Array({ maxByteLength: 1024 });
