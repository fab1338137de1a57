// Our send pipeline, opened by the Python seed's own code: a fragment stream we produce decodes there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodePacket, Flag, PacketType, sealMessage } from '../../src/index.ts';
import { sharedDir, toHex } from './support/seed-oracles.ts';

const interop = join(sharedDir, 'interop');
const pythonReady = (() => {
  if (!existsSync(join(interop, '_seedenv.py'))) return `${interop} is absent`;
  try {
    execFileSync('python3', ['-c', 'import cryptography, dotenv'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'python3 with cryptography and python-dotenv is not available';
  }
})();
if (pythonReady !== undefined) console.log(`seed-interop.test skipped: ${pythonReady}.`);

describe.skipIf(pythonReady !== undefined)(
  `messages sealed here are opened by the Python seed${pythonReady ? ` (skipped: ${pythonReady})` : ''}`,
  () => {
    it('every flag mix, including 5000-byte and 50 kB FRAG streams, opens to the same plaintext with a valid CRC', () => {
      const key = new Uint8Array(32).map((_, index) => 200 - index);
      let counter = 0;
      const randomBytes = (length: number) =>
        new Uint8Array(length).map(() => (counter = (counter * 31 + 7) & 0xff));
      const cases: { flags: number; payload: Uint8Array }[] = [];
      for (const size of [1, 32, 1000, 5000, 50_000]) {
        for (const flags of [0, 0x80, 0xc0, 0x90, 0xe0, 0xf0, 0x18, 0xf8, 0x58]) {
          const payload = new Uint8Array(size).map((_, index) => (index * 7 + size) % 251);
          cases.push({ flags, payload });
        }
      }
      const messages = cases.map(({ flags, payload }, index) =>
        sealMessage({ type: PacketType.DEFAULT, sequenceId: index }, payload, {
          flags,
          sessionKey: key,
          randomBytes,
        }).map((packet) => toHex(encodePacket(packet))),
      );
      expect(messages.some((datagrams) => datagrams.length > 50)).toBe(true);
      const output = execFileSync(
        'python3',
        [join(dirname(fileURLToPath(import.meta.url)), 'support', 'seed-open.py'), interop],
        {
          input: JSON.stringify({ key: toHex(key), messages }),
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const { results } = JSON.parse(output.toString('utf8')) as {
        results: { plaintext: string; checksum_ok: boolean | null; repacked: boolean }[];
      };
      expect(results).toHaveLength(cases.length);
      cases.forEach(({ flags, payload }, index) => {
        const result = results[index]!;
        expect(result.plaintext, `case ${index}`).toBe(toHex(payload));
        expect(result.checksum_ok, `case ${index}`).toBe((flags & Flag.CHECKSUM) !== 0 ? true : null);
        expect(result.repacked, `case ${index}: seed pack(unpack(ours)) = ours`).toBe(true);
      });
    });
  },
);
