// /auth/certificate/validate's logic: a certificate is valid if it is in its validity period and signed by
// the key of the account named in its USER_ID attribute (or, without USER_ID, by the platform's server key).
import { PlatformError } from '../errors.ts';
import type { AccountsStore } from '../storage/accounts-store.ts';
import { loadPublicKey } from './account-keys.ts';
import {
  isWithinValidity,
  type ParsedCertificate,
  parseCertificate,
  type ServerIdentity,
} from './certificates.ts';

/** The answer, shaped as the seed's udp.Server reads it (account-id is the certificate's string, as the seed). */
export interface CertificateVerdict {
  valid: boolean;
  accountId: string | null;
}

/** Largest certificate accepted, in DER bytes (a seed certificate is about 800). */
export const MAX_CERTIFICATE_BYTES = 8 * 1024;

const BASE64_WITH_LINE_BREAKS = /^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/;

/** Decodes the seed's `base64.encodebytes` text (line breaks allowed) or plain base64; throws a 400 otherwise. */
export function decodeCertificateText(text: string): Buffer {
  if (!BASE64_WITH_LINE_BREAKS.test(text)) throw new PlatformError('CERTIFICATE_MALFORMED');
  const der = Buffer.from(text.replace(/[\r\n]/g, ''), 'base64');
  if (der.length === 0 || der.length > MAX_CERTIFICATE_BYTES)
    throw new PlatformError('CERTIFICATE_MALFORMED');
  return der;
}

/** Validates peer certificates for the UDP handshake. */
export class CertificateValidator {
  readonly #accounts: AccountsStore;
  readonly #server: ServerIdentity;
  readonly #now: () => number;

  constructor(accounts: AccountsStore, server: ServerIdentity, now: () => number = Date.now) {
    this.#accounts = accounts;
    this.#server = server;
    this.#now = now;
  }

  /** Checks a base64 DER certificate. Malformed input throws a 400; an untrusted certificate is `valid: false`. */
  async validate(certificateText: string): Promise<CertificateVerdict> {
    const der = decodeCertificateText(certificateText);
    let certificate: ParsedCertificate;
    try {
      certificate = parseCertificate(der);
    } catch {
      throw new PlatformError('CERTIFICATE_MALFORMED');
    }
    const { accountId } = certificate;
    if (!isWithinValidity(certificate, new Date(this.#now()))) return { valid: false, accountId };
    if (accountId === null) return { valid: certificate.isSignedBy(this.#server.publicKey), accountId };
    if (!/^[1-9]\d{0,15}$/.test(accountId)) return { valid: false, accountId };
    const account = await this.#accounts.get(Number(accountId));
    if (account === undefined) return { valid: false, accountId };
    return { valid: certificate.isSignedBy(loadPublicKey(account.publicKey)), accountId };
  }
}
