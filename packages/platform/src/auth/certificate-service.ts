// /auth/certificate/validate's logic: a certificate is valid if it is in its validity period and signed by
// the key of the account named in its USER_ID attribute (or, without USER_ID, by the platform's server key).
import { createHash } from 'node:crypto';
import {
  type CertificateSubject,
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

/** Verdicts kept (least recently used go first) and for how long: game servers ask again on every AUTH. */
const MAX_CACHED_VERDICTS = 4096;
const VERDICT_TTL_MS = 30_000;

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
  /** SHA-256 of the DER → verdict and until when it holds (never past the certificate's notAfter). */
  readonly #verdicts = new Map<string, { verdict: CertificateVerdict; until: number }>();

  constructor(accounts: AccountsStore, server: ServerIdentity, now: () => number = Date.now) {
    this.#accounts = accounts;
    this.#server = server;
    this.#now = now;
  }

  /**
   * Checks a base64 DER certificate. Malformed input throws a 400; an untrusted certificate is `valid: false`.
   * The verdict's account id is the USER_ID parsed once here (`null` without one, or when it is not an id).
   * Verdicts are cached by the certificate's SHA-256 for 30 s (bounded), so a flood of AUTHs repeating a
   * certificate costs one signature check and one account lookup, not one per AUTH.
   */
  async validate(certificateText: string): Promise<CertificateVerdict> {
    const der = decodeCertificateText(certificateText);
    const key = createHash('sha256').update(der).digest('base64');
    const now = this.#now();
    const cached = this.#verdicts.get(key);
    if (cached !== undefined && now <= cached.until) return cached.verdict;
    const { verdict, notAfter } = await this.#verdict(der, now);
    this.#verdicts.delete(key);
    if (this.#verdicts.size >= MAX_CACHED_VERDICTS) {
      const oldest = this.#verdicts.keys().next().value;
      if (oldest !== undefined) this.#verdicts.delete(oldest);
    }
    this.#verdicts.set(key, { verdict, until: Math.min(now + VERDICT_TTL_MS, notAfter) });
    return verdict;
  }

  /** The verdict, and the end of the certificate's validity (a cached verdict never outlives it). */
  async #verdict(der: Buffer, now: number): Promise<{ verdict: CertificateVerdict; notAfter: number }> {
    const certificate = parseCertificate(der);
    const subject = certificate === undefined ? undefined : readCertificateSubject(certificate);
    if (subject === undefined) throw new PlatformError('CERTIFICATE_MALFORMED');
    return { verdict: await this.#check(der, subject, now), notAfter: subject.notAfter.getTime() };
  }

  async #check(der: Buffer, subject: CertificateSubject, now: number): Promise<CertificateVerdict> {
    const accountId = parseAccountId(subject.userId);
    if (!isWithinValidity(subject, new Date(now))) return { valid: false, accountId };
    if (subject.userId === null) return { valid: isSignedBy(der, this.#server.publicKey), accountId };
    // A USER_ID that is not an account id names no account: never fall back to the server key.
    if (accountId === null) return { valid: false, accountId };
    const account = await this.#accounts.get(accountId);
    if (account === undefined) return { valid: false, accountId };
    return { valid: isSignedBy(der, loadPublicKey(account.publicKey)), accountId };
  }
}
