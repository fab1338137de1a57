// Loads a certificate (and optionally checks its private key) from PEM text, e.g. the CLI's --cert/--key.
import { createPrivateKey, createPublicKey, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { CertificateErrors } from './certificate-errors.ts';
import { assertFitsV0Auth } from './generate-certificate.ts';

/**
 * Returns the DER of a PEM certificate. When `privateKeyPem` is given it must be the certificate's key.
 * Throws `CertificateErrors.NOT_PEM_CERTIFICATE` / `NOT_PEM_KEY` for unreadable input, `KEY_MISMATCH` when
 * the key is another certificate's, and `TOO_LARGE` for a certificate that does not fit a v0 AUTH datagram.
 */
export function loadCertificatePem(certificatePem: string, privateKeyPem?: string): Uint8Array {
  let certificate: NodeX509Certificate;
  try {
    certificate = new NodeX509Certificate(certificatePem);
  } catch (cause) {
    throw new CertificateErrors.NOT_PEM_CERTIFICATE(undefined, { cause });
  }
  if (privateKeyPem !== undefined) {
    let matches: boolean;
    try {
      const publicFromKey = createPublicKey(createPrivateKey(privateKeyPem)).export({
        type: 'spki',
        format: 'der',
      });
      const publicFromCert = certificate.publicKey.export({ type: 'spki', format: 'der' });
      matches = publicFromKey.equals(publicFromCert);
    } catch (cause) {
      throw new CertificateErrors.NOT_PEM_KEY(undefined, { cause });
    }
    if (!matches) throw new CertificateErrors.KEY_MISMATCH();
  }
  return assertFitsV0Auth(new Uint8Array(certificate.raw));
}
