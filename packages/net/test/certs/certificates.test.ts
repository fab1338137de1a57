// The one certificate module: build → parse → subject → checks, PEM loading, and the pluggable validators.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acceptAnyCertificate,
  buildCertificate,
  CertificateErrors,
  defaultValidationBaseUrl,
  generateCertificate,
  httpCertificateValidator,
  isSignedBy,
  isWithinValidity,
  loadCertificatePem,
  MAX_V0_CERTIFICATE_SIZE,
  parseCertificate,
  pythonEncodeBytes,
  readCertificateSubject,
  SubjectOid,
} from '../../src/certs/index.ts';

const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });

describe('buildCertificate → parseCertificate → readCertificateSubject → checks', () => {
  it('builds for a given key a certificate whose subject, period and signature read back', async () => {
    const { privateKey, publicKey } = rsaKey();
    const now = new Date('2026-03-01T12:00:00Z');
    const der = await buildCertificate(privateKey, {
      organization: 'Paperclip',
      commonName: 'lobby.test',
      accountId: 7,
      username: 'peach',
      now,
    });
    expect(der).toBeInstanceOf(Uint8Array);
    expect(der.length).toBeLessThanOrEqual(MAX_V0_CERTIFICATE_SIZE);
    const certificate = parseCertificate(der)!;
    expect(certificate.subjectName.getField(SubjectOid.USER_ID)).toEqual(['7']);
    const subject = readCertificateSubject(certificate)!;
    expect(subject).toEqual({
      userId: '7',
      username: 'peach',
      commonName: 'lobby.test',
      organization: 'Paperclip',
      notBefore: now,
      notAfter: new Date(now.getTime() + 24 * 60 * 60 * 1000),
    });
    expect(readCertificateSubject(der)).toEqual(subject);
    expect(isSignedBy(der, publicKey)).toBe(true);
    expect(isSignedBy(der, rsaKey().publicKey)).toBe(false);
    expect(isWithinValidity(subject, now)).toBe(true);
    expect(isWithinValidity(subject, subject.notAfter)).toBe(true);
    expect(isWithinValidity(subject, new Date(now.getTime() - 1))).toBe(false);
    expect(isWithinValidity(subject, new Date(subject.notAfter.getTime() + 1))).toBe(false);
  });

  it('answers undefined or false for garbage, never throws', () => {
    const { publicKey } = rsaKey();
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array([0x30, 0x03, 1, 2]),
      new Uint8Array(64).fill(0xff),
    ]) {
      expect(parseCertificate(bytes)).toBeUndefined();
      expect(readCertificateSubject(bytes)).toBeUndefined();
      expect(isSignedBy(bytes, publicKey)).toBe(false);
    }
  });

  it('refuses to build a certificate that would not fit a v0 AUTH datagram', async () => {
    const { privateKey } = rsaKey();
    const error = await buildCertificate(privateKey, { username: 'y'.repeat(300) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateErrors.TOO_LARGE);
    expect(error).toMatchObject({ code: 'PC_CERT_TOO_LARGE', details: { limit: MAX_V0_CERTIFICATE_SIZE } });
  });
});

describe('generateCertificate', () => {
  it('makes a seed-shaped self-signed RSA/SHA-256 certificate that fits a v0 AUTH datagram', async () => {
    const generated = await generateCertificate({ accountId: 42, username: 'mario' });
    expect(generated.der.length).toBeLessThanOrEqual(MAX_V0_CERTIFICATE_SIZE);
    const subject = readCertificateSubject(generated.der)!;
    expect(subject).toMatchObject({
      userId: '42',
      username: 'mario',
      commonName: '127.0.0.1',
      organization: 'Paperclip',
    });
    expect(subject.notAfter.getTime() - subject.notBefore.getTime()).toBe(24 * 60 * 60 * 1000);
    const certificate = parseCertificate(generated.der)!;
    expect(certificate.signatureAlgorithm).toMatchObject({
      name: 'RSASSA-PKCS1-v1_5',
      hash: { name: 'SHA-256' },
    });
    expect(await certificate.isSelfSigned()).toBe(true);
    expect(generated.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(generated.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('omits USER_ID and PSEUDONYM when not given, as the seed does', async () => {
    const generated = await generateCertificate({ commonName: 'example.test' });
    expect(readCertificateSubject(generated.der)).toMatchObject({
      userId: null,
      username: null,
      commonName: 'example.test',
    });
  });

  it('refuses a subject that would not fit the seed receive buffer', async () => {
    await expect(generateCertificate({ username: 'x'.repeat(200) })).rejects.toBeInstanceOf(
      CertificateErrors.TOO_LARGE,
    );
  });
});

describe('loadCertificatePem', () => {
  it('returns the DER and checks the key belongs to the certificate', async () => {
    const a = await generateCertificate();
    const b = await generateCertificate();
    expect(loadCertificatePem(a.certificatePem, a.privateKeyPem)).toEqual(a.der);
    expect(loadCertificatePem(a.certificatePem)).toEqual(a.der);
    expect(() => loadCertificatePem(a.certificatePem, b.privateKeyPem)).toThrow(
      CertificateErrors.KEY_MISMATCH,
    );
    expect(() => loadCertificatePem('not a certificate')).toThrow(CertificateErrors.NOT_PEM_CERTIFICATE);
    expect(() => loadCertificatePem('not a certificate')).toThrow(/not a PEM X.509 certificate/);
    expect(() => loadCertificatePem(a.certificatePem, 'nope')).toThrow(CertificateErrors.NOT_PEM_KEY);
    expect(() => loadCertificatePem(a.certificatePem, 'nope')).toThrow(/not a PEM private key/);
  });
});

describe('acceptAnyCertificate', () => {
  it('accepts a certificate and reports its USER_ID as the account id', async () => {
    const { der } = await generateCertificate({ accountId: 7 });
    await expect(acceptAnyCertificate(der, '127.0.0.1:1')).resolves.toEqual({ valid: true, accountId: 7 });
  });

  it('accepts a USER_ID that is not an account id as an anonymous peer', async () => {
    const { privateKey } = rsaKey();
    for (const userId of ['acc-7', '0', '-3', '007', '9007199254740993']) {
      const der = await buildCertificate(privateKey, { accountId: userId });
      await expect(acceptAnyCertificate(der, '127.0.0.1:1'), userId).resolves.toEqual({
        valid: true,
        accountId: null,
      });
    }
  });

  it('refuses bytes that are not a certificate', async () => {
    await expect(acceptAnyCertificate(new Uint8Array([0x30, 0x03, 1, 2]), 'x:1')).resolves.toEqual({
      valid: false,
      accountId: null,
    });
  });
});

describe('pythonEncodeBytes', () => {
  it("matches Python's base64.encodebytes line layout", () => {
    const bytes = Uint8Array.from({ length: 120 }, (_, i) => i);
    const text = pythonEncodeBytes(bytes);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).every((line) => line.length <= 76)).toBe(true);
    expect(lines[0]!.length).toBe(76);
    expect(Buffer.from(text.replaceAll('\n', ''), 'base64')).toEqual(Buffer.from(bytes));
  });
});

describe('httpCertificateValidator', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** Starts a local platform stand-in; `answer` decides the response for each request. */
  async function startPlatform(
    answer: (request: IncomingMessage, body: string) => { status: number; body: string } | undefined,
  ): Promise<string> {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        const reply = answer(request, body);
        if (reply === undefined) return; // never answer: exercises the timeout
        response.writeHead(reply.status, { 'Content-Type': 'application/json' });
        response.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it("sends the seed's request (GET, JSON body, base64 DER) and reads valid/account-id", async () => {
    const { der } = await generateCertificate({ accountId: 9 });
    const seen: { method?: string; url?: string; type?: string; certificate?: Buffer } = {};
    const baseUrl = await startPlatform((request, body) => {
      seen.method = request.method;
      seen.url = request.url;
      seen.type = request.headers['content-type'];
      seen.certificate = Buffer.from((JSON.parse(body) as { certificate: string }).certificate, 'base64');
      return { status: 200, body: JSON.stringify({ valid: true, 'account-id': '9' }) };
    });
    await expect(httpCertificateValidator(baseUrl)(der, '127.0.0.1:2')).resolves.toEqual({
      valid: true,
      accountId: 9,
    });
    expect(seen).toEqual({
      method: 'GET',
      url: '/auth/certificate/validate',
      type: 'application/json',
      certificate: Buffer.from(der),
    });
  });

  it('parses the answered account-id once: a number or decimal text, anything else is no account', async () => {
    const { der } = await generateCertificate();
    const ids: unknown[] = ['12', 12, '012', '0', -4, 'acc-7', '9007199254740993', true, null];
    let next = 0;
    const baseUrl = await startPlatform(() => ({
      status: 200,
      body: JSON.stringify({ valid: true, 'account-id': ids[next++] }),
    }));
    // The same certificate nine times: without the verdict cache, so each answer is read.
    const validate = httpCertificateValidator(baseUrl, { cache: false });
    const verdicts = [];
    for (let i = 0; i < ids.length; i++) verdicts.push((await validate(der, 'peer:1')).accountId);
    expect(verdicts).toEqual([12, 12, null, null, null, null, null, null, null]);
  });

  it('treats valid:false, non-200, bad JSON, refusal and timeout as invalid', async () => {
    const { der } = await generateCertificate();
    const answers = [
      { status: 200, body: JSON.stringify({ valid: false, 'account-id': null }) },
      { status: 500, body: JSON.stringify({ valid: true }) },
      { status: 200, body: 'not json' },
      { status: 200, body: JSON.stringify({ valid: 'yes' }) },
      undefined,
    ];
    let next = 0;
    const baseUrl = await startPlatform(() => answers[next++]);
    const validate = httpCertificateValidator(baseUrl, { timeoutMs: 300 });
    for (let i = 0; i < answers.length; i++) {
      await expect(validate(der, 'peer:1')).resolves.toEqual({ valid: false, accountId: null });
    }
    const closedPort = new URL(baseUrl);
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(httpCertificateValidator(closedPort.origin)(der, 'peer:1')).resolves.toEqual({
      valid: false,
      accountId: null,
    });
  });

  it('builds the seed default URL on port 5000 and brackets IPv6 hosts', () => {
    expect(defaultValidationBaseUrl('127.0.0.1')).toBe('http://127.0.0.1:5000');
    expect(defaultValidationBaseUrl('::1')).toBe('http://[::1]:5000');
    expect(() => httpCertificateValidator('https://127.0.0.1')).toThrow(/http:\/\//);
  });
});
