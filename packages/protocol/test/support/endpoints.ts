// Test endpoints: a fake certificate and server/client factories with deterministic randomness.
import { Endpoint, type EndpointOptions } from '../../src/core/index.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';

/** Any DER-looking bytes work for the core (validation is pluggable); 600 bytes keeps AUTH under 1024. */
export function fakeCertificate(tag: number, length = 600): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes[0] = 0x30;
  bytes[1] = 0x82;
  for (let i = 2; i < length; i++) bytes[i] = (i * 31 + tag) & 0xff;
  return bytes;
}

type Overrides = Partial<Omit<EndpointOptions, 'role'>>;

export function makeServer(seed: number, overrides: Overrides = {}): Endpoint {
  return new Endpoint({
    role: 'server',
    certificate: fakeCertificate(seed),
    randomBytes: seededRandomBytes(seed),
    ...overrides,
  });
}

export function makeClient(seed: number, overrides: Overrides = {}): Endpoint {
  return new Endpoint({
    role: 'client',
    certificate: fakeCertificate(seed),
    randomBytes: seededRandomBytes(seed),
    ...overrides,
  });
}

/** A self-checking payload: index in the first 4 bytes, then bytes derived from it. */
export function payloadFor(index: number, size = 32): Uint8Array {
  const bytes = new Uint8Array(Math.max(4, size));
  new DataView(bytes.buffer).setUint32(0, index);
  for (let i = 4; i < bytes.length; i++) bytes[i] = (index * 7 + i) & 0xff;
  return bytes;
}

/** Reads back the index of a payloadFor() message, checking every byte; -1 if corrupted. */
export function indexOfPayload(bytes: Uint8Array): number {
  if (bytes.length < 4) return -1;
  const index = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const expected = payloadFor(index, bytes.length);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== expected[i]) return -1;
  return index;
}
