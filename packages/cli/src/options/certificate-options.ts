// The certificate flags shared by the transport commands: --cert/--key, --cert-validate URL, --accept-any-cert.
import { readFileSync } from 'node:fs';
import {
  acceptAnyCertificate,
  type CertificateValidator,
  generateCertificate,
  httpCertificateValidator,
  loadCertificatePem,
} from '@paperclip/net';
import { type Command, Option } from 'commander';
import { UserError } from '../cli-errors.ts';

/** Parsed values of the certificate flags. */
export interface CertificateFlags {
  cert?: string;
  key?: string;
  certValidate?: string;
  acceptAnyCert?: boolean;
}

/** Adds --cert, --key, --cert-validate and --accept-any-cert to a command. */
export function addCertificateOptions(command: Command, defaultValidation: string): Command {
  return command
    .option('--cert <file>', 'our certificate (PEM); default: a fresh self-signed one')
    .option('--key <file>', 'private key of --cert (PEM), checked against it')
    .addOption(
      new Option(
        '--cert-validate <url>',
        `validate the peer's certificate at <url>/auth/certificate/validate (default ${defaultValidation})`,
      ).conflicts('acceptAnyCert'),
    )
    .option('--accept-any-cert', 'accept any well-formed peer certificate (no platform check)');
}

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
