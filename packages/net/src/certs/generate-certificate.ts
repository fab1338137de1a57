// Builds the seed-shaped self-signed RSA-2048/SHA-256 certificate a v0 peer sends in AUTH (fresh or given key).
import { createPublicKey, type KeyObject, webcrypto } from 'node:crypto';
import type { AccountId } from '@paperclip/protocol';
import { CertificateErrors } from './certificate-errors.ts';
import { SubjectOid } from './certificate-subject.ts';
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

/** What goes into a certificate. Every field has the seed's default. */
export interface CertificateFields {
  /** Subject organizationName; the seed's ORG_NAME. Default `Paperclip`. */
  organization?: string;
  /** Subject commonName; the seed's COMMON_NAME. Default `127.0.0.1`. */
  commonName?: string;
  /**
   * Subject USER_ID, written as decimal text like the seed's `str(account_id)`; omitted when null or
   * undefined. Any text is written as given (validators read back only positive integers as accounts).
   */
  accountId?: AccountId | string | null;
  /** Subject PSEUDONYM (username); omitted when null or undefined. */
  username?: string | null;
  /** Validity in milliseconds from `now`. Default one day, as the seed. */
  validityMs?: number;
  /** Start of validity. Default: the current time. */
  now?: Date;
}

/** A generated certificate with its fresh private key. */
export interface GeneratedCertificate {
  /** The certificate, DER: what AUTH carries. */
  der: Uint8Array;
  /** The certificate, PEM. */
  certificatePem: string;
  /** The RSA private key, PKCS#8 PEM (unencrypted: keep it out of logs). */
  privateKeyPem: string;
}

const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Builds a self-signed certificate for an existing RSA key (an account's key, the platform's own key), like
 * the seed's `auth.generateUserCertificate`: O and CN, optional USER_ID and PSEUDONYM, SAN DNS:localhost,
 * random serial, one day, signed RSA PKCS#1 v1.5 with SHA-256. Returns the DER.
 * Throws `CertificateErrors.TOO_LARGE` when it would not fit a v0 AUTH datagram.
 */
export async function buildCertificate(
  privateKey: KeyObject,
  fields: CertificateFields = {},
): Promise<Uint8Array> {
  const { subtle } = webcrypto;
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const keys: webcrypto.CryptoKeyPair = {
    privateKey: await subtle.importKey('pkcs8', pkcs8, RSA_ALGORITHM, false, ['sign']),
    publicKey: await subtle.importKey('spki', spki, RSA_ALGORITHM, true, ['verify']),
  };
  return selfSign(keys, fields);
}

/**
 * Generates a fresh RSA-2048 key and its seed-shaped certificate (see {@link buildCertificate}), e.g. for a
 * peer without an account or a test. Throws `CertificateErrors.TOO_LARGE` like it.
 */
export async function generateCertificate(fields: CertificateFields = {}): Promise<GeneratedCertificate> {
  const { subtle } = webcrypto;
  const keys = (await subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const der = await selfSign(keys, fields);
  const pkcs8 = await subtle.exportKey('pkcs8', keys.privateKey);
  return {
    der,
    certificatePem: PemConverter.encode(der, 'CERTIFICATE'),
    privateKeyPem: PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** The one certificate layout: both builders sign through here. */
async function selfSign(keys: webcrypto.CryptoKeyPair, fields: CertificateFields): Promise<Uint8Array> {
  const name: JsonNameParams = [
    { [SubjectOid.ORGANIZATION]: [{ utf8String: fields.organization ?? 'Paperclip' }] },
    { [SubjectOid.COMMON_NAME]: [{ utf8String: fields.commonName ?? '127.0.0.1' }] },
  ];
  if (fields.accountId !== undefined && fields.accountId !== null) {
    name.push({ [SubjectOid.USER_ID]: [{ utf8String: String(fields.accountId) }] });
  }
  if (fields.username !== undefined && fields.username !== null) {
    name.push({ [SubjectOid.PSEUDONYM]: [{ utf8String: fields.username }] });
  }
  const notBefore = fields.now ?? new Date();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialHex(),
      name: new Name(name),
      notBefore,
      notAfter: new Date(notBefore.getTime() + (fields.validityMs ?? DAY_MS)),
      keys,
      signingAlgorithm: RSA_ALGORITHM,
      extensions: [new SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
    },
    webcrypto,
  );
  return assertFitsV0Auth(new Uint8Array(certificate.rawData));
}

/** Returns `der` when it fits a v0 AUTH datagram; throws `CertificateErrors.TOO_LARGE` otherwise. */
export function assertFitsV0Auth(der: Uint8Array): Uint8Array {
  if (der.length > MAX_V0_CERTIFICATE_SIZE) {
    throw new CertificateErrors.TOO_LARGE({ size: der.length, limit: MAX_V0_CERTIFICATE_SIZE });
  }
  return der;
}

/** A positive 159-bit serial, like cryptography's `random_serial_number()`. */
function randomSerialHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(20));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
