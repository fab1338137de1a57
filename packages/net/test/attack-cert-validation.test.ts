// Issue 14, finding 9 (second half): garbage-certificate AUTHs must not become HTTP validation calls.
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../src/certs/generate-certificate.ts';
import { httpCertificateValidator } from '../src/certs/validators.ts';

/** A stand-in for the platform's /auth/certificate/validate that counts its calls. */
async function countingPlatform(
  valid: boolean,
): Promise<{ base: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: HttpServer = createServer((request, response) => {
    calls += 1;
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ valid, 'account-id': valid ? 7 : null }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

/** Well-formed certificates, all different (one RSA key, different USER_IDs): 40 of them. */
let certificates: Uint8Array[] = [];
beforeAll(async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  certificates = await Promise.all(
    Array.from({ length: 40 }, (_, i) => buildCertificate(privateKey, { accountId: 1000 + i })),
  );
});

function garbage(i: number): Uint8Array {
  return Uint8Array.from({ length: 300 }, (_, j) => (j * 131 + i * 7) & 0xff);
}

describe('finding 9: certificate validation is cached and rate-limited', () => {
  it('garbage certificates never reach the platform', async () => {
    const platform = await countingPlatform(false);
    closers.push(platform.close);
    const validate = httpCertificateValidator(platform.base);
    const verdicts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => validate(garbage(i), `192.0.2.${i}:4000`)),
    );
    expect(verdicts.every((v) => !v.valid)).toBe(true);
    expect(platform.calls(), 'HTTP calls for 200 garbage certificates').toBe(0);
  });

  it('distinct well-formed certificates: at most the rate-limited number of calls', async () => {
    const platform = await countingPlatform(false);
    closers.push(platform.close);
    const clock = { now: 0 };
    const validate = httpCertificateValidator(platform.base, {
      cache: { callsPerSecond: 5, callBurst: 10, now: () => clock.now },
    });
    await Promise.all(certificates.map((der, i) => validate(der, `192.0.2.${i}:4000`)));
    expect(platform.calls(), 'HTTP calls for 40 certificates in one instant').toBe(10);
    clock.now = 1_000; // five more tokens
    await Promise.all(certificates.map((der, i) => validate(der, `192.0.2.${i}:4000`)));
    expect(platform.calls()).toBe(15);
  });

  it('a repeated certificate is answered from the cache (positive and negative), until its TTL', async () => {
    const platform = await countingPlatform(true);
    closers.push(platform.close);
    const clock = { now: 0 };
    const validate = httpCertificateValidator(platform.base, {
      cache: { validTtlMs: 60_000, now: () => clock.now },
    });
    const der = certificates[0]!;
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => validate(der, '192.0.2.1:4000')));
    expect(verdicts.every((v) => v.valid && v.accountId === 7)).toBe(true);
    expect(platform.calls(), 'one HTTP call for 50 identical certificates').toBe(1);
    clock.now = 59_000;
    await validate(der, '192.0.2.1:4000');
    expect(platform.calls()).toBe(1);
    clock.now = 61_000;
    await validate(der, '192.0.2.1:4000');
    expect(platform.calls()).toBe(2);

    const refusing = await countingPlatform(false);
    closers.push(refusing.close);
    const negative = httpCertificateValidator(refusing.base, { cache: { now: () => clock.now } });
    for (let i = 0; i < 5; i++)
      expect((await negative(certificates[1]!, '192.0.2.2:4000')).valid).toBe(false);
    expect(refusing.calls(), 'a refused certificate is cached too').toBe(1);
  });

  it('the cache is bounded', async () => {
    const platform = await countingPlatform(true);
    closers.push(platform.close);
    const validate = httpCertificateValidator(platform.base, {
      cache: { maxEntries: 8, callsPerSecond: 1_000, callBurst: 1_000 },
    });
    for (const der of certificates) await validate(der, '192.0.2.1:4000');
    expect(platform.calls()).toBe(40);
    // The first ones were evicted: validating them again calls the platform again.
    await validate(certificates[0]!, '192.0.2.1:4000');
    expect(platform.calls()).toBe(41);
    await validate(certificates[39]!, '192.0.2.1:4000');
    expect(platform.calls()).toBe(41);
  });
});
