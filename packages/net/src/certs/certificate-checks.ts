// The checks a validator makes on a certificate itself: is it inside its validity period, and who signed it.
import { type KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import type { CertificateSubject } from './certificate-subject.ts';

/** Whether `now` lies in the certificate's validity period, both ends included (as the seed checks). */
export function isWithinValidity(
  subject: Pick<CertificateSubject, 'notBefore' | 'notAfter'>,
  now: Date,
): boolean {
  const time = now.getTime();
  return subject.notBefore.getTime() <= time && time <= subject.notAfter.getTime();
}

/**
 * Whether the DER certificate's signature verifies with `publicKey` (for a seed certificate, self-signed:
 * whether its holder has that key). Never throws: bytes that are not a certificate are simply not signed.
 */
export function isSignedBy(der: Uint8Array, publicKey: KeyObject): boolean {
  try {
    return new NodeX509Certificate(der).verify(publicKey);
  } catch {
    return false;
  }
}
