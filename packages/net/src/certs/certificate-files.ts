// Loads a certificate (and optionally checks its private key) from PEM text, e.g. the CLI's --cert/--key.
import { createPrivateKey, createPublicKey, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { MAX_V0_CERTIFICATE_SIZE } from './generate-certificate.ts';

/** Thrown when PEM input is not a usable certificate/key pair. The message is a user-facing sentence. */
export class CertificateFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CertificateFileError';
  }
}

/**
 * Returns the DER of a PEM certificate. When `privateKeyPem` is given it must be the certificate's key.
 * Throws {@link CertificateFileError} for unreadable input, a key mismatch, or a certificate too large for v0.
 */
export function loadCertificatePem(certificatePem: string, privateKeyPem?: string): Uint8Array {
  let certificate: NodeX509Certificate;
  try {
    certificate = new NodeX509Certificate(certificatePem);
  } catch (cause) {
    throw new CertificateFileError('The certificate file is not a PEM X.509 certificate.', { cause });
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
      throw new CertificateFileError('The key file is not a PEM private key.', { cause });
    }
    if (!matches) throw new CertificateFileError('The private key does not belong to the certificate.');
  }
  const der = new Uint8Array(certificate.raw);
  if (der.length > MAX_V0_CERTIFICATE_SIZE) {
    throw new CertificateFileError(
      `The certificate is ${der.length} bytes; a v0 AUTH datagram carries at most ${MAX_V0_CERTIFICATE_SIZE}.`,
    );
  }
  return der;
}
