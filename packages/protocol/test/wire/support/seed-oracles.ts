// Checks decoded packets against the seed's recorded field tables, payloads and handshake values.
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Packet } from '../../../src/index.ts';

/** One row of a vectors.json field table: [offset, length, field label, recorded value]. */
export type FieldRow = [number, number, string, string];

/** A recorded seed datagram as stored in vectors.json (and our committed copy). */
export interface SeedVector {
  kind: string;
  scenario: string;
  index: number;
  dir: 'c2s' | 's2c';
  hex: string;
  session_key: string | null;
  rows: FieldRow[];
  notes: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (packages/protocol/test/wire/support → five levels up). */
export const repoRoot = resolve(here, '../../../../..');
/** ../shared relative to the repository root, where the seed and its interop harness live. */
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const fixturesDir = resolve(here, '..', 'fixtures');

/** Reads a JSON file in test/wire/fixtures. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as T;
}

/** vectors.json from ../shared, or undefined (with the reason) when the checkout has no ../shared. */
export function readSharedVectors(): { vectors: SeedVector[]; datagrams_checked: number } | undefined {
  const file = join(sharedDir, 'interop', 'vectors.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** py_client.py's message i: `%08d|` then bytes (i*7 + k) mod 251. */
export function pyClientPayload(index: number, size: number): Uint8Array {
  const head = Buffer.from(`${String(index).padStart(8, '0')}|`, 'latin1');
  const out = new Uint8Array(size);
  out.set(head.subarray(0, size), 0);
  for (let k = 0; k < size - head.length; k++) out[head.length + k] = (index * 7 + k) % 251;
  return out;
}

/** The seed's handshake finished value: HMAC-SHA256(key, "node finished" ‖ SHA-256(0x13)). */
export function handshakeFinished(sessionKey: Uint8Array): Uint8Array {
  const transcriptHash = createHash('sha256').update(Uint8Array.of(0x13)).digest();
  return new Uint8Array(
    createHmac('sha256', sessionKey).update('node finished').update(transcriptHash).digest(),
  );
}

/**
 * Compares a decoded packet with a recorded field table: every value, and for byte fields also where our
 * view sits in the datagram. Returns human-readable mismatches (empty = all rows agree).
 */
export function compareRows(datagram: Uint8Array, packet: Packet, rows: readonly FieldRow[]): string[] {
  const problems: string[] = [];
  const expect = (label: string, actual: unknown, wanted: unknown) => {
    if (actual !== wanted) problems.push(`${label}: decoded ${String(actual)}, recorded ${String(wanted)}`);
  };
  const expectView = (
    label: string,
    view: Uint8Array | undefined,
    offset: number,
    length: number,
    value: string,
  ) => {
    if (view === undefined) return problems.push(`${label}: not decoded`);
    expect(`${label} offset`, view.byteOffset - datagram.byteOffset, offset);
    expect(`${label} length`, view.length, length);
    const prefix = /([0-9a-f]{8,})/.exec(value)?.[1];
    if (prefix !== undefined && !toHex(view).startsWith(prefix))
      problems.push(`${label}: bytes differ from ${prefix}`);
    return undefined;
  };
  const number = (value: string) => Number(/^(0x[0-9a-f]+|\d+)/.exec(value)?.[1]);
  const view = packet as unknown as Record<string, unknown>;
  let end = 0;
  for (const [offset, length, label, value] of rows) {
    end = Math.max(end, offset + length);
    if (label.startsWith('version<<4')) {
      const [, version, type] = /version=(\d+), type=(\d+)/.exec(value) ?? [];
      expect('version', packet.version, Number(version));
      expect('type', packet.type, Number(type));
    } else if (label === 'flags') expect('flags', packet.flags, number(value));
    else if (label.startsWith('sequence_id')) expect('sequenceId', packet.sequenceId, number(value));
    else if (label.startsWith('fragment_id')) expect('fragmentId', packet.fragmentId, number(value));
    else if (label.startsWith('fragment_number'))
      expect('fragmentNumber', packet.fragmentNumber, number(value));
    else if (label.startsWith('init_vector'))
      expectView('initVector', packet.initVector, offset, length, value);
    else if (label.startsWith('checksum')) expect('checksum', packet.checksum, number(value));
    else if (label.startsWith('ack_id')) expect('ackId', view['ackId'], number(value));
    else if (label.startsWith('ack_bits')) expect('ackBits', view['ackBits'], number(value));
    else if (label.startsWith('public_key_size')) {
      expect('publicKey size', (view['publicKey'] as Uint8Array | undefined)?.length, number(value));
    } else if (label.startsWith('public_key')) {
      expectView('publicKey', view['publicKey'] as Uint8Array | undefined, offset, length, value);
    } else if (label.startsWith('certificate_size')) {
      expect('certificate size', (view['certificate'] as Uint8Array | undefined)?.length, number(value));
    } else if (label.startsWith('certificate')) {
      expectView('certificate', view['certificate'] as Uint8Array | undefined, offset, length, value);
    } else if (label.startsWith('heartbeat')) expect('heartbeat', view['heartbeat'], number(value));
    else if (label.startsWith('major<<4')) {
      const [, major, minor] = /major=(\d+).*minor=(\d+)/.exec(value) ?? [];
      expect('major', view['major'], Number(major));
      expect('minor', view['minor'], Number(minor));
    } else if (label === 'data') expectView('data', packet.data, offset, length, value);
    else problems.push(`unhandled row "${label}"`);
  }
  if (end !== datagram.length) expect('rows end', end, datagram.length);
  if (!rows.some(([, , label]) => label === 'data')) expect('data length', packet.data.length, 0);
  return problems;
}
