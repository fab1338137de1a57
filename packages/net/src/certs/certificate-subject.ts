// Reads a Paperclip certificate: DER → X.509 (never throws), and the subject attributes the seed writes.
import { X509Certificate } from './x509.ts';

/** Subject attribute OIDs of a Paperclip certificate (the seed's cryptography `NameOID` names). */
export const SubjectOid = {
  /** organizationName: the seed's ORG_NAME, `Paperclip`. */
  ORGANIZATION: '2.5.4.10',
  /** commonName: the host, `127.0.0.1` by default. */
  COMMON_NAME: '2.5.4.3',
  /** USER_ID: the account id as decimal text (the seed's `str(account_id)`). */
  USER_ID: '0.9.2342.19200300.100.1.1',
  /** PSEUDONYM: the username. */
  PSEUDONYM: '2.5.4.65',
} as const;

/**
 * What a certificate says about its holder; absent attributes are `null`. `userId` is the USER_ID text as
 * written: a validator turns it into an `AccountId` with `parseAccountId` when it answers.
 */
export interface CertificateSubject {
  /** USER_ID, as text (the seed writes `str(account_id)`); not yet trusted nor parsed. */
  userId: string | null;
  /** PSEUDONYM. */
  username: string | null;
  /** commonName. */
  commonName: string | null;
  /** organizationName. */
  organization: string | null;
  /** Start of the validity period. */
  notBefore: Date;
  /** End of the validity period (inclusive, as the seed checks it). */
  notAfter: Date;
}

/**
 * Parses a DER certificate. Returns `undefined`, never throws, when the bytes are not X.509: certificates
 * arrive from peers, and a validator must answer "invalid", not fail.
 */
export function parseCertificate(der: Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

/** The subject of a DER (or already parsed) certificate, or `undefined` when it is not a certificate. */
export function readCertificateSubject(
  certificate: Uint8Array | X509Certificate,
): CertificateSubject | undefined {
  const parsed = certificate instanceof X509Certificate ? certificate : parseCertificate(certificate);
  if (parsed === undefined) return undefined;
  try {
    const name = parsed.subjectName;
    const first = (oid: string): string | null => name.getField(oid)[0] ?? null;
    return {
      userId: first(SubjectOid.USER_ID),
      username: first(SubjectOid.PSEUDONYM),
      commonName: first(SubjectOid.COMMON_NAME),
      organization: first(SubjectOid.ORGANIZATION),
      notBefore: parsed.notBefore,
      notAfter: parsed.notAfter,
    };
  } catch {
    return undefined;
  }
}
