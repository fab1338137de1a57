// The certificate flags shared by the transport commands: --cert/--key, --cert-validate URL, --accept-any-cert.
import { type Command, Option } from 'commander';

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
