// X.509 certificates as the seed's udp.auth builds them: self-signed, subject O/CN plus USER_ID and PSEUDONYM.
import 'reflect-metadata';
import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  X509Certificate as NodeX509,
  webcrypto,
} from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** Subject attribute OIDs the seed uses (cryptography's NameOID names). */
export const SubjectOid = {
  ORGANIZATION_NAME: '2.5.4.10',
  COMMON_NAME: '2.5.4.3',
  USER_ID: '0.9.2342.19200300.100.1.1',
  PSEUDONYM: '2.5.4.65',
} as const;

const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;

/** What goes into a certificate's subject. */
export interface CertificateSubject {
  orgName: string;
  commonName: string;
  /** Written as the USER_ID attribute (a string, as the seed's str(userId)). */
  accountId?: number | string;
  /** Written as the PSEUDONYM attribute. */
  username?: string;
}

/** A parsed certificate: the attributes the platform reads and a signature check. */
export interface ParsedCertificate {
  accountId: string | null;
  username: string | null;
  notBefore: Date;
  notAfter: Date;
  /** True if the certificate's signature verifies with this RSA public key. */
  isSignedBy(publicKey: KeyObject): boolean;
}

/** The platform's own RSA key and certificate: lobby servers present it and /auth/certificate returns it. */
export interface ServerIdentity {
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificateDer: Buffer;
}

/**
 * Builds a self-signed certificate for `privateKey` valid for one day from `now`, as the seed's
 * generateUserCertificate (subject = issuer; SAN DNS:localhost; signed RSA PKCS#1 v1.5 SHA-256).
 */
export async function buildCertificate(
  privateKey: KeyObject,
  subject: CertificateSubject,
  now: Date = new Date(),
): Promise<Buffer> {
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey('pkcs8', pkcs8, SIGNING_ALGORITHM, false, ['sign']),
    publicKey: await subtle.importKey('spki', spki, SIGNING_ALGORITHM, true, ['verify']),
  };
  const name: x509.JsonName = [
    { [SubjectOid.ORGANIZATION_NAME]: [subject.orgName] },
    { [SubjectOid.COMMON_NAME]: [subject.commonName] },
  ];
  if (subject.accountId !== undefined) name.push({ [SubjectOid.USER_ID]: [String(subject.accountId)] });
  if (subject.username !== undefined) name.push({ [SubjectOid.PSEUDONYM]: [subject.username] });
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name,
      keys,
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY_MS),
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }], false)],
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  return Buffer.from(certificate.rawData);
}

/** Parses a DER certificate; throws on anything that is not one. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  const parsed = new x509.X509Certificate(der);
  const node = new NodeX509(der);
  const first = (oid: string): string | null => parsed.subjectName.getField(oid)[0] ?? null;
  return {
    accountId: first(SubjectOid.USER_ID),
    username: first(SubjectOid.PSEUDONYM),
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    isSignedBy(publicKey: KeyObject): boolean {
      try {
        return node.verify(publicKey);
      } catch {
        return false;
      }
    },
  };
}

/** Whether `now` lies in the certificate's validity period (inclusive, as the seed checks). */
export function isWithinValidity(certificate: ParsedCertificate, now: Date): boolean {
  return certificate.notBefore.getTime() <= now.getTime() && now.getTime() <= certificate.notAfter.getTime();
}

/** Generates the platform's server identity (a fresh RSA-2048 key and a certificate with no USER_ID). */
export async function createServerIdentity(
  orgName: string,
  commonName: string,
  now = new Date(),
): Promise<ServerIdentity> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
  });
  const certificateDer = await buildCertificate(privateKey, { orgName, commonName }, now);
  return { privateKey, publicKey, certificateDer };
}
