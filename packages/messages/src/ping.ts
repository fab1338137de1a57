// Ping/status: a cheap unauthenticated query whose answer is never larger than the question (no amplification).
//
//   query  = "PCPQ" version:u8 nonce:u32be zero-padding            (total = the client's chosen size)
//   answer = "PCPA" version:u8 nonce:u32be msgpack(status)          (total <= the query's size)
//
// Over UDP these are whole datagrams; "P" = 0x50 reads as protocol version 5 to a v0 peer, which
// drops it as a VERSION error. Over WebSocket they travel in PING/PONG control frames.
import { Type } from '@sinclair/typebox';
import { MessageError, MessageErrorCode } from './errors.ts';
import { PayloadCodec, validatorFor } from './payload-codec.ts';

/** Server-provided information a ping returns. Extra fields are allowed. */
export interface ServerStatus {
  name: string;
  version: string;
  players: number;
  games: number;
  [extra: string]: unknown;
}

/** What a ping resolves to. */
export interface PingResult {
  status: ServerStatus;
  /** Round-trip time in milliseconds. */
  rttMs: number;
  /** True when the server's status did not fit the query and was cut down to name/version. */
  truncated: boolean;
}

const PING_QUERY_MAGIC = new Uint8Array([0x50, 0x43, 0x50, 0x51]); // "PCPQ"
const PING_ANSWER_MAGIC = new Uint8Array([0x50, 0x43, 0x50, 0x41]); // "PCPA"
const PING_VERSION = 1;
const HEADER_BYTES = 9;
/** Smallest query a server answers; anything shorter cannot hold a useful answer. */
export const MIN_PING_QUERY_BYTES = 64;
/** Largest query a server accepts (and the client's upper bound): one unfragmented datagram. */
export const MAX_PING_QUERY_BYTES = 960;
/** Default query size: room for a status with a few extra fields. */
export const DEFAULT_PING_QUERY_BYTES = 512;

const StatusSchema = Type.Object(
  {
    name: Type.String({ maxLength: 256 }),
    version: Type.String({ maxLength: 64 }),
    players: Type.Optional(Type.Integer({ minimum: 0 })),
    games: Type.Optional(Type.Integer({ minimum: 0 })),
    truncated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
const codec = new PayloadCodec({
  maxStrLength: 1024,
  maxBinLength: 1024,
  maxArrayLength: 64,
  maxMapLength: 64,
  maxExtLength: 16,
  maxDepth: 4,
});

function startsWith(bytes: Uint8Array, magic: Uint8Array): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

/** True when the bytes look like a ping query (cheap prefix check for carriers). */
export function isPingQuery(bytes: Uint8Array): boolean {
  return startsWith(bytes, PING_QUERY_MAGIC);
}

/** Builds a query of `size` bytes (clamped to the accepted range). */
export function encodePingQuery(nonce: number, size = DEFAULT_PING_QUERY_BYTES): Uint8Array {
  const total = Math.min(MAX_PING_QUERY_BYTES, Math.max(MIN_PING_QUERY_BYTES, Math.floor(size)));
  const query = new Uint8Array(total);
  query.set(PING_QUERY_MAGIC, 0);
  query[4] = PING_VERSION;
  new DataView(query.buffer).setUint32(5, nonce >>> 0);
  return query;
}

/**
 * The server's answer to a query, or undefined when the query is not a valid one. The answer is
 * never longer than the query: a status that does not fit is cut to name and version, and if even
 * that does not fit there is no answer.
 */
export function answerPingQuery(query: Uint8Array, status: ServerStatus): Uint8Array | undefined {
  if (!isPingQuery(query) || query[4] !== PING_VERSION) return undefined;
  if (query.length < MIN_PING_QUERY_BYTES || query.length > MAX_PING_QUERY_BYTES) return undefined;
  const attempts: unknown[] = [
    status,
    { name: status.name.slice(0, 64), version: status.version.slice(0, 32), truncated: true },
  ];
  for (const attempt of attempts) {
    const body = codec.encode(attempt);
    if (HEADER_BYTES + body.length > query.length) continue;
    const answer = new Uint8Array(HEADER_BYTES + body.length);
    answer.set(PING_ANSWER_MAGIC, 0);
    answer[4] = PING_VERSION;
    answer.set(query.subarray(5, 9), 5);
    answer.set(body, HEADER_BYTES);
    return answer;
  }
  return undefined;
}

/** Reads an answer for `nonce`; throws MessageError MALFORMED_FRAME when it is not one. */
export function decodePingAnswer(
  answer: Uint8Array,
  nonce: number,
): { status: ServerStatus; truncated: boolean } {
  if (!startsWith(answer, PING_ANSWER_MAGIC) || answer.length < HEADER_BYTES || answer[4] !== PING_VERSION) {
    throw new MessageError(
      MessageErrorCode.MALFORMED_FRAME,
      'The ping answer is not a Paperclip status answer.',
    );
  }
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  if (view.getUint32(5) !== nonce >>> 0) {
    throw new MessageError(MessageErrorCode.MALFORMED_FRAME, 'The ping answer belongs to another query.');
  }
  const value = codec.decode(answer.subarray(HEADER_BYTES));
  const problem = validatorFor(StatusSchema)(value);
  if (problem !== undefined) {
    throw new MessageError(
      MessageErrorCode.INVALID_PAYLOAD,
      `The ping answer's status is invalid at ${problem}.`,
    );
  }
  const { truncated, ...rest } = value as ServerStatus & { truncated?: boolean };
  const status = { ...rest } as ServerStatus;
  status.players ??= 0;
  status.games ??= 0;
  return { status, truncated: truncated === true };
}
