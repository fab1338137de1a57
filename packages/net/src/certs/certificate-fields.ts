// Reads the subject fields Paperclip puts in a v0 certificate (account id, username, common name).
import { X509Certificate } from './x509.ts';

/** OID of the subject's USER_ID attribute (the seed's `NameOID.USER_ID`): the account id. */
export const USER_ID_OID = '0.9.2342.19200300.100.1.1';
/** OID of the subject's PSEUDONYM attribute (the seed's `NameOID.PSEUDONYM`): the username. */
export const PSEUDONYM_OID = '2.5.4.65';
/** OID of the subject's commonName attribute. */
export const COMMON_NAME_OID = '2.5.4.3';
/** OID of the subject's organizationName attribute. */
export const ORGANIZATION_OID = '2.5.4.10';

/** The subject attributes of a Paperclip certificate; absent attributes are `null`. */
export interface CertificateSubject {
  /** USER_ID, as a string exactly like the seed's platform returns it. */
  accountId: string | null;
  /** PSEUDONYM. */
  username: string | null;
  commonName: string | null;
  organization: string | null;
  notBefore: Date;
  notAfter: Date;
}

/** Parses a DER certificate; returns `undefined` (never throws) when the bytes are not X.509. */
export function parseCertificate(der: Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

/** The subject fields of a DER certificate, or `undefined` when the bytes are not a certificate. */
export function readCertificateSubject(der: Uint8Array): CertificateSubject | undefined {
  const certificate = parseCertificate(der);
  if (certificate === undefined) return undefined;
  try {
    const name = certificate.subjectName;
    const first = (oid: string): string | null => name.getField(oid)[0] ?? null;
    return {
      accountId: first(USER_ID_OID),
      username: first(PSEUDONYM_OID),
      commonName: first(COMMON_NAME_OID),
      organization: first(ORGANIZATION_OID),
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    };
  } catch {
    return undefined;
  }
}
