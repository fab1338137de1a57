// Payload encoding: msgpack with bounded decoding (sizes, counts, nesting depth) and TypeBox schema checks.
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { MessageType } from './define-message.ts';
import { MessageError, MessageErrorCode } from './errors.ts';

/** Bounds on what a received msgpack payload may contain. Every field is a hostile-input limit. */
export interface PayloadLimits {
  /** Longest string, in bytes. Default 65_536. */
  maxStrLength: number;
  /** Longest binary value, in bytes. Default 65_536. */
  maxBinLength: number;
  /** Most array elements. Default 4096. */
  maxArrayLength: number;
  /** Most map entries. Default 1024. */
  maxMapLength: number;
  /** Longest msgpack extension value, in bytes. Default 64. */
  maxExtLength: number;
  /** Deepest nesting of arrays and maps. Default 32. */
  maxDepth: number;
}

/** Safe defaults for {@link PayloadLimits}. */
export const DEFAULT_PAYLOAD_LIMITS: PayloadLimits = {
  maxStrLength: 65_536,
  maxBinLength: 65_536,
  maxArrayLength: 4096,
  maxMapLength: 1024,
  maxExtLength: 64,
  maxDepth: 32,
};

/** Checks a decoded value; returns a sentence describing the first problem, or undefined. */
export type PayloadValidator = (value: unknown) => string | undefined;

const validators = new WeakMap<TSchema, PayloadValidator>();

/** The (cached) validator of a schema: TypeBox's compiled checker, or Value.Check where code generation is forbidden (strict CSP). */
export function validatorFor(schema: TSchema): PayloadValidator {
  const cached = validators.get(schema);
  if (cached) return cached;
  let validator: PayloadValidator;
  try {
    const compiled = TypeCompiler.Compile(schema);
    validator = (value) => {
      if (compiled.Check(value)) return undefined;
      const first = compiled.Errors(value).First();
      return first ? `${first.path || '/'}: ${first.message}` : 'does not match the schema';
    };
  } catch {
    validator = (value) => {
      if (Value.Check(schema, value)) return undefined;
      const first = Value.Errors(schema, value).First();
      return first ? `${first.path || '/'}: ${first.message}` : 'does not match the schema';
    };
  }
  validators.set(schema, validator);
  return validator;
}

/** Depth of nested arrays/objects, walked iteratively (a hostile payload must not overflow the stack). */
function exceedsDepth(root: unknown, maxDepth: number): boolean {
  const stack: Array<[value: unknown, depth: number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) continue;
    if (depth > maxDepth) return true;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}

/** msgpack encoder/decoder pair bound to one set of limits. */
export class PayloadCodec {
  readonly #encoder = new Encoder({ ignoreUndefined: true });
  readonly #decoder: Decoder;
  readonly #maxDepth: number;

  constructor(limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS) {
    this.#decoder = new Decoder({
      maxStrLength: limits.maxStrLength,
      maxBinLength: limits.maxBinLength,
      maxArrayLength: limits.maxArrayLength,
      maxMapLength: limits.maxMapLength,
      maxExtLength: limits.maxExtLength,
    });
    this.#maxDepth = limits.maxDepth;
  }

  /** msgpack bytes of `value` (a fresh copy the caller may keep). */
  encode(value: unknown): Uint8Array {
    return this.#encoder.encode(value);
  }

  /** Decodes within the limits; throws MessageError INVALID_PAYLOAD naming the problem. */
  decode(bytes: Uint8Array, messageName?: string): unknown {
    let value: unknown;
    try {
      value = this.#decoder.decode(bytes);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new MessageError(
        MessageErrorCode.INVALID_PAYLOAD,
        `The payload is not valid msgpack: ${detail}.`,
        {
          cause,
          messageName,
        },
      );
    }
    if (exceedsDepth(value, this.#maxDepth)) {
      throw new MessageError(
        MessageErrorCode.INVALID_PAYLOAD,
        `The payload nests deeper than ${this.#maxDepth} levels.`,
        { messageName },
      );
    }
    return value;
  }

  /** Decodes and checks against the type's schema; throws MessageError INVALID_PAYLOAD. */
  decodeChecked(type: MessageType, bytes: Uint8Array): unknown {
    const value = this.decode(bytes, type.name);
    checkPayload(type, value);
    return value;
  }

  /**
   * Encodes a payload of `type` for sending. Throws INVALID_PAYLOAD when `validate` is set and the
   * value breaks the schema, LIMIT_EXCEEDED when the bytes are longer than `maxBytes`.
   */
  encodeChecked(type: MessageType, value: unknown, validate: boolean, maxBytes: number): Uint8Array {
    if (validate) checkPayload(type, value);
    const bytes = this.encode(value);
    if (bytes.length > maxBytes) {
      throw new MessageError(
        MessageErrorCode.LIMIT_EXCEEDED,
        `Payload of "${type.name}" is ${bytes.length} bytes, over the limit of ${maxBytes}.`,
        { messageName: type.name },
      );
    }
    return bytes;
  }
}

/** Throws INVALID_PAYLOAD naming the failing path when `value` breaks `type`'s schema. */
function checkPayload(type: MessageType, value: unknown): void {
  const problem = validatorFor(type.schema)(value);
  if (problem !== undefined) {
    throw new MessageError(
      MessageErrorCode.INVALID_PAYLOAD,
      `Payload of "${type.name}" is invalid at ${problem}.`,
      {
        messageName: type.name,
      },
    );
  }
}
