// The seed's RPS payloads for v0 peers: {"choice": n} in, the reply dict out, encoded like Python's json.dumps.
import type { PlayerScore } from './match.ts';
import { type Choice, isChoice, type Outcome } from './rules.ts';

/** Default bound on a seed payload: the seed's choices are a few dozen bytes, so larger ones are refused unparsed. */
export const MAX_SEED_PAYLOAD_BYTES = 1024;

/** The reply the seed's rps.Server sends after each round. */
export interface SeedRoundReply {
  outcome: Outcome;
  choice: Choice;
  otherChoice: Choice;
  score: PlayerScore;
  otherScore: PlayerScore;
}

/** True when a payload looks like the seed's JSON (a v0 peer) rather than message-layer frames. */
export function looksLikeSeedJson(payload: Uint8Array): boolean {
  // Message-layer packets start with a frame head; the handshake's first frame (HELLO) has head 0. JSON objects
  // start with "{" (maybe after whitespace), which as a frame head would be an unsequenced user message that no
  // handshake can begin with.
  for (const byte of payload) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b;
  }
  return false;
}

/**
 * Reads `{"choice": 0|1|2}`. Returns undefined for anything else (over `maxBytes`, not JSON, no valid choice): the
 * seed server would crash on such input, ours ignores it.
 */
export function decodeSeedChoice(
  payload: Uint8Array,
  maxBytes: number = MAX_SEED_PAYLOAD_BYTES,
): Choice | undefined {
  if (payload.length > maxBytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const choice = (value as Record<string, unknown>)['choice'];
  return isChoice(choice) ? choice : undefined;
}

/** `{"choice": n}` exactly as the seed client's json.dumps writes it. */
export function encodeSeedChoice(choice: Choice): Uint8Array {
  return new TextEncoder().encode(`{"choice": ${choice}}`);
}

/**
 * The round reply, byte for byte as the seed server's `json.dumps(reply).encode()`: keys in the seed's
 * order, ", " and ": " separators, the score dicts as {"score": n, "accountId": id}.
 */
export function encodeSeedReply(reply: SeedRoundReply): Uint8Array {
  const text =
    `{"outcome": ${reply.outcome}, "choice": ${reply.choice}, "otherChoice": ${reply.otherChoice}, ` +
    `"score": ${scoreJson(reply.score)}, "otherScore": ${scoreJson(reply.otherScore)}}`;
  return new TextEncoder().encode(text);
}

function scoreJson(score: PlayerScore): string {
  return `{"score": ${score.score}, "accountId": ${pythonJsonValue(score.accountId)}}`;
}

/** json.dumps of a str, int or None (ensure_ascii: non-ASCII as \uXXXX, as Python does). */
function pythonJsonValue(value: string | number | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
