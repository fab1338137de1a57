// /auth/certificate/validate's logic: a certificate is valid if it is in its validity period and signed by
// the key of the account named in its USER_ID attribute (or, without USER_ID, by the platform's server key).
import {
  type CertificateVerdict,
  isSignedBy,
  isWithinValidity,
  parseCertificate,
  readCertificateSubject,
} from '@paperclip/net';
import { parseAccountId } from '@paperclip/protocol';
import { PlatformError } from '../errors.ts';
import type { AccountsStore } from '../storage/accounts-store.ts';
import { loadPublicKey } from './account-keys.ts';
import type { ServerIdentity } from './server-identity.ts';

/** Largest certificate accepted, in DER bytes (a seed certificate is about 800). */
const MAX_CERTIFICATE_BYTES = 8 * 1024;

const BASE64_WITH_LINE_BREAKS = /^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/;

/** Decodes the seed's `base64.encodebytes` text (line breaks allowed) or plain base64; throws a 400 otherwise. */
function decodeCertificateText(text: string): Buffer {
  if (!BASE64_WITH_LINE_BREAKS.test(text)) throw new PlatformError('CERTIFICATE_MALFORMED');
  const der = Buffer.from(text.replace(/[\r\n]/g, ''), 'base64');
  if (der.length === 0 || der.length > MAX_CERTIFICATE_BYTES)
    throw new PlatformError('CERTIFICATE_MALFORMED');
  return der;
}

/**
 * Checks peer certificates for the UDP handshake against the platform's records: what only the platform can
 * do (the stored account key). Parsing, the subject and the checks themselves are net's certificate module.
 */
export class CertificateService {
  readonly #accounts: AccountsStore;
  readonly #server: ServerIdentity;
  readonly #now: () => number;

  constructor(accounts: AccountsStore, server: ServerIdentity, now: () => number = Date.now) {
    this.#accounts = accounts;
    this.#server = server;
    this.#now = now;
  }

  /**
   * Checks a base64 DER certificate. Malformed input throws a 400; an untrusted certificate is `valid: false`.
   * The verdict's account id is the USER_ID parsed once here (`null` without one, or when it is not an id).
   */
  async validate(certificateText: string): Promise<CertificateVerdict> {
    const der = decodeCertificateText(certificateText);
    const certificate = parseCertificate(der);
    const subject = certificate === undefined ? undefined : readCertificateSubject(certificate);
    if (subject === undefined) throw new PlatformError('CERTIFICATE_MALFORMED');
    const accountId = parseAccountId(subject.userId);
    if (!isWithinValidity(subject, new Date(this.#now()))) return { valid: false, accountId };
    if (subject.userId === null) return { valid: isSignedBy(der, this.#server.publicKey), accountId };
    // A USER_ID that is not an account id names no account: never fall back to the server key.
    if (accountId === null) return { valid: false, accountId };
    const account = await this.#accounts.get(accountId);
    if (account === undefined) return { valid: false, accountId };
    return { valid: isSignedBy(der, loadPublicKey(account.publicKey)), accountId };
  }
}
