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
    if (flags.key !== undefined)
      throw new UserError('--key needs --cert: pass the certificate it belongs to.', 2);
    return (await generateCertificate(subject)).der;
  }
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(`Cannot read the ${flag} file ${file}${code === undefined ? '' : ` (${code})`}.`);
    }
  };
  const certificate = read('--cert', flags.cert);
  const key = flags.key === undefined ? undefined : read('--key', flags.key);
  try {
    return loadCertificatePem(certificate, key);
  } catch (error) {
    // The files were read but are not a usable certificate (and key): a wrong flag value.
    const files = `--cert ${flags.cert}${flags.key === undefined ? '' : `, --key ${flags.key}`}`;
    throw new UserError(`${(error as Error).message.replace(/\.$/, '')} (${files}).`, 2);
  }
}

/** The validator the flags ask for; undefined means the driver's seed default (http://<host>:5000). */
export function chooseValidator(flags: CertificateFlags): CertificateValidator | undefined {
  if (flags.acceptAnyCert) return acceptAnyCertificate;
  if (flags.certValidate !== undefined) {
    try {
      return httpCertificateValidator(flags.certValidate);
    } catch {
      throw new UserError(`--cert-validate needs an http:// URL, not "${flags.certValidate}".`, 2);
    }
  }
  return undefined;
}
