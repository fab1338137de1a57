// The shared certificate flags: --cert/--key loading, generated defaults, validator choice, clear errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptAnyCertificate, generateCertificate, readCertificateSubject } from '@paperclip/net';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/cli-errors.ts';
import { chooseValidator, loadOurCertificate } from '../src/options/certificate-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclip-cli-certs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certificate flags', () => {
  it('generates a certificate with the given subject when --cert is absent', async () => {
    const der = await loadOurCertificate({}, { accountId: '9', username: 'ann' });
    expect(readCertificateSubject(der)).toMatchObject({ userId: '9', username: 'ann' });
  });

  it('loads --cert (and checks --key) from PEM files', async () => {
    const own = await generateCertificate({ accountId: 3 });
    const other = await generateCertificate();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const wrongKey = join(dir, 'wrong.pem');
    writeFileSync(cert, own.certificatePem);
    writeFileSync(key, own.privateKeyPem);
    writeFileSync(wrongKey, other.privateKeyPem);
    expect(await loadOurCertificate({ cert, key })).toEqual(own.der);
    await expect(loadOurCertificate({ cert, key: wrongKey })).rejects.toThrow(
      new UserError(
        `The private key does not belong to the certificate (--cert ${cert}, --key ${wrongKey}).`,
        2,
      ),
    );
    const missing = join(dir, 'missing.pem');
    await expect(loadOurCertificate({ cert: missing })).rejects.toThrow(
      `Cannot read the --cert file ${missing} (ENOENT).`,
    );
    await expect(loadOurCertificate({ cert, key: missing })).rejects.toThrow(/^Cannot read the --key file/);
    await expect(loadOurCertificate({ key })).rejects.toMatchObject({
      message: '--key needs --cert: pass the certificate it belongs to.',
      exitCode: 2,
    });
  });

  it('picks acceptAny, an HTTP validator, or the seed default', () => {
    expect(chooseValidator({ acceptAnyCert: true })).toBe(acceptAnyCertificate);
    expect(typeof chooseValidator({ certValidate: 'http://127.0.0.1:5000' })).toBe('function');
    expect(chooseValidator({})).toBeUndefined();
    expect(() => chooseValidator({ certValidate: 'ftp://x' })).toThrow(/needs an http:\/\/ URL/);
    expect(() => chooseValidator({ certValidate: 'ftp://x' })).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });
});
