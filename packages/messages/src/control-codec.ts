// Encodes control messages with msgpack and decodes them against their schemas (a bad one is a MALFORMED_FRAME).
import type { TSchema } from '@sinclair/typebox';
import {
  CloseSchema,
  ControlId,
  ErrorSchema,
  HelloSchema,
  PingSchema,
  ReadySchema,
  WelcomeSchema,
} from './control.ts';
import { MessageError, MessageErrorCode } from './errors.ts';
import { PayloadCodec, type PayloadLimits, validatorFor } from './payload-codec.ts';

const SCHEMAS: Record<number, TSchema> = {
  [ControlId.HELLO]: HelloSchema,
  [ControlId.WELCOME]: WelcomeSchema,
  [ControlId.READY]: ReadySchema,
  [ControlId.CLOSE]: CloseSchema,
  [ControlId.ERROR]: ErrorSchema,
  [ControlId.PING]: PingSchema,
  [ControlId.PONG]: PingSchema,
};

/** msgpack codec for control payloads, bounded by the connection's payload limits. */
export class ControlCodec {
  readonly #codec: PayloadCodec;
  constructor(limits: PayloadLimits) {
    this.#codec = new PayloadCodec(limits);
  }

  /** msgpack bytes of a control value. */
  encode(value: unknown): Uint8Array {
    return this.#codec.encode(value);
  }

  /** Decodes control message `id`; throws MessageError MALFORMED_FRAME when it is not well-formed. */
  decode(id: number, bytes: Uint8Array): unknown {
    const schema = SCHEMAS[id];
    if (!schema)
      throw new MessageError(MessageErrorCode.MALFORMED_FRAME, `Control message ${id} does not exist.`);
    let value: unknown;
    try {
      value = this.#codec.decode(bytes);
    } catch (error) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        `Control message ${id} is not valid msgpack.`,
        {
          cause: error,
        },
      );
    }
    const problem = validatorFor(schema)(value);
    if (problem !== undefined) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        `Control message ${id} is malformed at ${problem}.`,
      );
    }
    return value;
  }
}
