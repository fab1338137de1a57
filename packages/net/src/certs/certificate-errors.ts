// The certificate catalogue (PC_CERT_*): PEM input that is not a usable certificate and key, oversize DER.
import { defineErrors } from '@paperclip/protocol';

/**
 * Errors of `@paperclip/net`'s certificate module. Each message is a sentence a CLI can show as is.
 *
 * @example
 * try { loadCertificatePem(pem, keyPem) } catch (error) {
 *   if (error instanceof CertificateErrors.KEY_MISMATCH) …  // error.code === 'PC_CERT_KEY_MISMATCH'
 * }
 */
export const CertificateErrors = defineErrors('PC_CERT', 'certificates', {
  NOT_PEM_CERTIFICATE: { message: 'The certificate file is not a PEM X.509 certificate.' },
  NOT_PEM_KEY: { message: 'The key file is not a PEM private key.' },
  KEY_MISMATCH: { message: 'The private key does not belong to the certificate.' },
  TOO_LARGE: {
    message: (d: { size: number; limit: number }) =>
      `The certificate is ${d.size} bytes, more than the ${d.limit} a v0 AUTH datagram can carry; a shorter username or account id makes it smaller.`,
    doc: 'A certificate generated or loaded for a v0 peer does not fit its AUTH datagram.',
  },
});
