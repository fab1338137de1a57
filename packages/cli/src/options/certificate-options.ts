// What the certificate flags mean: our certificate from --cert/--key (or a fresh one), the peer validator.
import { readFileSync } from 'node:fs';
import {
  acceptAnyCertificate,
  type CertificateValidator,
  generateCertificate,
  httpCertificateValidator,
  loadCertificatePem,
} from '@paperclip/net';
import { UserError } from '../cli-errors.ts';
import type { CertificateFlags } from './certificate-flags.ts';

/** Our certificate DER from --cert/--key, or a freshly generated one. */
export async function loadOurCertificate(
  flags: CertificateFlags,
  subject: { accountId?: string | null; username?: string | null } = {},
): Promise<Uint8Array> {
  if (flags.cert === undefined) {
    if (flags.key !== undefined) throw new UserError('--key needs --cert.');
    return (await generateCertificate(subject)).der;
  }
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new UserError(`Cannot read ${file}.`);
    }
  };
  try {
    return loadCertificatePem(read(flags.cert), flags.key === undefined ? undefined : read(flags.key));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError((error as Error).message);
  }
}

/** The validator the flags ask for; undefined means the driver's seed default (http://<host>:5000). */
export function chooseValidator(flags: CertificateFlags): CertificateValidator | undefined {
  if (flags.acceptAnyCert) return acceptAnyCertificate;
  if (flags.certValidate !== undefined) {
    try {
      return httpCertificateValidator(flags.certValidate);
    } catch {
      throw new UserError(`--cert-validate needs an http:// URL, not "${flags.certValidate}".`);
    }
  }
  return undefined;
}
