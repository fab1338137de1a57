// Issue 14, finding 9: the platform's certificate check caches its verdicts, so game servers (the seed's too)
// asking again for the same certificate on every AUTH cost one signature check and one account lookup.
import { generateKeyPairSync } from 'node:crypto';
import { buildCertificate, pythonEncodeBytes } from '@paperclip/net';
import { describe, expect, it } from 'vitest';
import { CertificateService } from '../src/auth/certificate-service.ts';
import type { ServerIdentity } from '../src/auth/server-identity.ts';
import type { AccountsStore } from '../src/storage/accounts-store.ts';

describe('finding 9: certificate verdicts are cached on the platform', () => {
  it('one account lookup for repeated validations of one certificate, again after the TTL; bounded by notAfter', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clock = { now: Date.parse('2026-12-01T00:00:00Z') };
    let lookups = 0;
    const accounts = {
      get: async () => {
        lookups += 1;
        return { publicKey: publicKey.export({ format: 'der', type: 'spki' }) };
      },
    } as unknown as AccountsStore;
    const server = { publicKey } as unknown as ServerIdentity;
    const service = new CertificateService(accounts, server, () => clock.now);
    const der = await buildCertificate(privateKey, {
      accountId: 5,
      now: new Date(clock.now - 1_000),
      validityMs: 60_000,
    });
    const text = pythonEncodeBytes(der);
    for (let i = 0; i < 20; i++) expect(await service.validate(text)).toEqual({ valid: true, accountId: 5 });
    expect(lookups, 'account lookups for 20 validations of one certificate').toBe(1);
    clock.now += 31_000;
    await service.validate(text);
    expect(lookups).toBe(2);
    // The certificate expires at +59 s: a cached "valid" never outlives it.
    clock.now += 28_500;
    expect(await service.validate(text)).toEqual({ valid: false, accountId: 5 });
  });
});
