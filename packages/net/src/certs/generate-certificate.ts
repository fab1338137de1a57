// Makes the self-signed RSA-2048/SHA-256 certificate a v0 peer sends in AUTH, shaped like the seed's.
import { webcrypto } from 'node:crypto';
import { COMMON_NAME_OID, ORGANIZATION_OID, PSEUDONYM_OID, USER_ID_OID } from './certificate-fields.ts';
import {
  type JsonNameParams,
  Name,
  PemConverter,
  SubjectAlternativeNameExtension,
  X509CertificateGenerator,
} from './x509.ts';

/**
 * Largest certificate that fits an AUTH datagram in the seed's 1024-byte receive buffer:
 * 1024 - 6 (header) - 1 (key length) - 120 (P-384 SPKI) - 2 (certificate length).
 */
export const MAX_V0_CERTIFICATE_SIZE = 895;

/** What goes into a generated certificate. Every field has the seed's default. */
export interface CertificateOptions {
  /** Subject organizationName; the seed's ORG_NAME. Default `Paperclip`. */
  organization?: string;
  /** Subject commonName; the seed's COMMON_NAME. Default `127.0.0.1`. */
  commonName?: string;
  /** Subject USER_ID (account id); omitted when null/undefined, as in the seed. */
  accountId?: string | number | null;
  /** Subject PSEUDONYM (username); omitted when null/undefined. */
  username?: string | null;
  /** Validity in milliseconds from `now`. Default one day, as the seed. */
  validityMs?: number;
  /** Start of validity. Default: the current time. */
  now?: Date;
}

/** A generated certificate with its private key. */
export interface GeneratedCertificate {
  /** The certificate, DER: what AUTH carries. */
  der: Uint8Array;
  /** The certificate, PEM. */
  certificatePem: string;
  /** The RSA private key, PKCS#8 PEM (unencrypted: keep it out of logs). */
  privateKeyPem: string;
}

/** Thrown when the requested subject makes the certificate too large for a v0 AUTH datagram. */
export class CertificateTooLargeError extends Error {
  readonly size: number;
  constructor(size: number) {
    super(
      `The certificate is ${size} bytes, more than the ${MAX_V0_CERTIFICATE_SIZE} a v0 AUTH datagram can carry; use a shorter username or account id.`,
    );
    this.name = 'CertificateTooLargeError';
    this.size = size;
  }
}

const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Generates a self-signed certificate like the seed's `auth.generateUserCertificate`:
 * O=Paperclip, CN=host, optional UID and pseudonym, SAN DNS:localhost, random serial, one day.
 * Throws {@link CertificateTooLargeError} if the DER would not fit a v0 AUTH datagram.
 */
export async function generateCertificate(options: CertificateOptions = {}): Promise<GeneratedCertificate> {
  const crypto = webcrypto;
  const keys = (await crypto.subtle.generateKey(RSA_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const name: JsonNameParams = [
    { [ORGANIZATION_OID]: [{ utf8String: options.organization ?? 'Paperclip' }] },
    { [COMMON_NAME_OID]: [{ utf8String: options.commonName ?? '127.0.0.1' }] },
  ];
  if (options.accountId !== undefined && options.accountId !== null) {
    name.push({ [USER_ID_OID]: [{ utf8String: String(options.accountId) }] });
  }
  if (options.username !== undefined && options.username !== null) {
    name.push({ [PSEUDONYM_OID]: [{ utf8String: options.username }] });
  }
  const notBefore = options.now ?? new Date();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialHex(crypto),
      name: new Name(name),
      notBefore,
      notAfter: new Date(notBefore.getTime() + (options.validityMs ?? DAY_MS)),
      keys,
      signingAlgorithm: RSA_ALGORITHM,
      extensions: [new SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
    },
    crypto,
  );
  const der = new Uint8Array(certificate.rawData);
  if (der.length > MAX_V0_CERTIFICATE_SIZE) throw new CertificateTooLargeError(der.length);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    der,
    certificatePem: certificate.toString('pem'),
    privateKeyPem: PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** A positive 159-bit serial, like cryptography's `random_serial_number()`. */
function randomSerialHex(crypto: webcrypto.Crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
