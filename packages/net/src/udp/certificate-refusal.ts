// A client's certificate refusal, reworded to say which side refused and how to fix it.
import { CertificateInvalidError, type PaperclipError } from '@paperclip/protocol';
import type { CertificateValidator } from '../certs/validators.ts';

/** The default validator asks the platform, so the fix is a validator on the refusing side, or a running platform. */
const FIX = '(acceptAnyCertificate for local tests) or run the platform, which validates certificates';

/**
 * Remembers whether our own validator refused the server's certificate, so a CERTIFICATE_INVALID
 * refusal can say which side refused. The wire text stays the seed's "Invalid Certificate.".
 */
export class CertificateRefusal {
  #refusedByUs = false;

  /** Wraps `validator`: a refusal, a throw or a missing answer (run-validation's timeout) counts as ours. */
  watch(validator: CertificateValidator): CertificateValidator {
    return async (der, peer) => {
      this.#refusedByUs = true;
      const verdict = await validator(der, peer);
      this.#refusedByUs = verdict?.valid !== true;
      return verdict;
    };
  }

  /**
   * The reason to report: a CERTIFICATE_INVALID refusal becomes a sentence naming the side that refused
   * (same class and code, the original as `cause`); every other reason is returned unchanged.
   */
  explain<Reason extends PaperclipError>(reason: Reason, server: string): Reason | CertificateInvalidError {
    if (!(reason instanceof CertificateInvalidError)) return reason;
    const message = this.#refusedByUs
      ? `You refused the certificate of the server at ${server}: pass a validator ${FIX}.`
      : `The server at ${server} refused your certificate: give the server a validator ${FIX}.`;
    return new CertificateInvalidError(message, { cause: reason });
  }
}
