// The echo payloads match py_client.py's byte for byte and carry their index.
import { describe, expect, it } from 'vitest';
import { makeEchoPayload, readEchoIndex } from '../src/echo/echo-payload.ts';
import { readSeedEnvironment } from '../src/env-config.ts';

describe('echo payloads', () => {
  it('are "%08d|" followed by (i*7+k) % 251, like py_client.py', () => {
    const payload = makeEchoPayload(3, 12);
    expect(Buffer.from(payload.subarray(0, 9)).toString()).toBe('00000003|');
    expect([...payload.subarray(9)]).toEqual([21, 22, 23]);
    expect(makeEchoPayload(40, 300)[9 + 250]).toBe((40 * 7 + 250) % 251);
    expect(readEchoIndex(makeEchoPayload(12345678, 9))).toBe(12345678);
    expect(readEchoIndex(new Uint8Array(5))).toBeUndefined();
    expect(readEchoIndex(new TextEncoder().encode('0000x001|abc'))).toBeUndefined();
  });
});

describe('seed environment', () => {
  it("reads the seed's variable names, seconds to milliseconds", () => {
    expect(
      readSeedEnvironment({
        S_HOST: '127.0.0.1',
        S_PORT: '2024',
        HEARTBEAT_MIN_TIME: '30',
        HEARTBEAT_MAX_TIME: '120',
        MAX_CLIENTS: '',
      }),
    ).toEqual({
      host: '127.0.0.1',
      port: 2024,
      heartbeatMinMs: 30_000,
      heartbeatMaxMs: 120_000,
      maxClients: undefined,
    });
  });

  it('refuses bad values with a sentence naming the variable', () => {
    expect(() => readSeedEnvironment({ S_PORT: 'abc' })).toThrow(/S_PORT=abc/);
    expect(() => readSeedEnvironment({ MAX_CLIENTS: '0' })).toThrow(/MAX_CLIENTS/);
  });
});
