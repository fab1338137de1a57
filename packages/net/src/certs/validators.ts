// Pluggable certificate validators: the driver asks one of these whether a peer's AUTH certificate is valid.
import { request } from 'node:http';
import { type AccountId, bracketHost, parseAccountId } from '@paperclip/protocol';
import { type CertificateCacheOptions, cachedCertificateValidator } from './cached-validator.ts';
import { readCertificateSubject } from './certificate-subject.ts';

/**
 * The answer of a certificate validator. `accountId` is reported with clientJoin/clientLeave: parsed here,
 * once, from the certificate's USER_ID text (or the platform's answer), `null` for a peer with no account.
 */
export interface CertificateVerdict {
  valid: boolean;
  accountId: AccountId | null;
}

/**
 * Decides whether a peer's certificate (DER, as received in AUTH) is acceptable.
 * `peer` is the peer's "host:port". Must not throw for bad input; a rejected promise counts as invalid.
 */
export type CertificateValidator = (der: Uint8Array, peer: string) => Promise<CertificateVerdict>;

const INVALID: CertificateVerdict = { valid: false, accountId: null };

/**
 * Accepts every well-formed X.509 certificate without checking signature or dates (for tests, demos
 * and closed networks). The account id is the certificate's USER_ID attribute when it is one (else the peer
 * is anonymous). Bytes that are not a certificate are refused.
 */
export const acceptAnyCertificate: CertificateValidator = async (der) => {
  const subject = readCertificateSubject(der);
  return subject === undefined ? INVALID : { valid: true, accountId: parseAccountId(subject.userId) };
};

/** Options of {@link httpCertificateValidator}. */
export interface HttpCertificateValidatorOptions {
  /** Give up (and refuse the certificate) after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Largest response body read. Default 64 KiB. */
  maxResponseBytes?: number;
  /**
   * Verdict cache and call rate limit (see {@link cachedCertificateValidator}); `false` turns both off.
   * Default: on, with its defaults (4096 verdicts for 60 s / 30 s refused, 20 calls/s, burst 20).
   */
  cache?: CertificateCacheOptions | false;
}

/** The platform's default port for GET /auth/certificate/validate, as the seed hard-codes it. */
export const DEFAULT_VALIDATION_PORT = 5000;

/** The seed's validation URL base for a host: `http://<host>:5000` (IPv6 hosts are bracketed). */
export function defaultValidationBaseUrl(host: string): string {
  return `http://${bracketHost(host)}:${DEFAULT_VALIDATION_PORT}`;
}

/**
 * Validates like the seed: `GET {baseUrl}/auth/certificate/validate` with `Content-Type: application/json`
 * and the JSON body `{"certificate": "<base64 of the DER, 76-column lines, as Python's encodebytes>"}`.
 * A 200 answer `{"valid": bool, "account-id": str|null}` decides; the account id is parsed as an
 * {@link AccountId} (a string or number that is not one means no account). Any failure (refused, timeout,
 * non-200, bad JSON) counts as invalid: the seed crashes there, we refuse the peer instead.
 *
 * Flood protection (issue 14): bytes that are not an X.509 certificate are refused here without a call; verdicts
 * are cached by the certificate's SHA-256 and calls are rate-limited, so garbage or repeated certificates in
 * AUTHs do not turn into HTTP calls (a failed call is not cached).
 */
export function httpCertificateValidator(
  baseUrl: string,
  options: HttpCertificateValidatorOptions = {},
): CertificateValidator {
  const url = new URL('/auth/certificate/validate', baseUrl);
  if (url.protocol !== 'http:')
    throw new Error(`Certificate validation URL must be http://, got ${baseUrl}.`);
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  // Throws when the platform gave no verdict (refused, timeout, non-200, bad JSON): such results are not cached.
  const call: CertificateValidator = async (der) => {
    const body = JSON.stringify({ certificate: pythonEncodeBytes(der) });
    const { status, text } = await getWithBody(url, body, timeoutMs, maxResponseBytes);
    if (status !== 200) throw new Error(`certificate validation answered ${status}`);
    const answer: unknown = JSON.parse(text);
    if (typeof answer !== 'object' || answer === null)
      throw new Error('certificate validation answer is not an object');
    const { valid, 'account-id': accountId } = answer as Record<string, unknown>;
    return { valid: valid === true, accountId: parseAccountId(accountId) };
  };
  const checked = options.cache === false ? call : cachedCertificateValidator(call, options.cache);
  return async (der, peer) => {
    // Not a certificate at all: the platform would refuse it too (400), so spare it the call.
    if (readCertificateSubject(der) === undefined) return INVALID;
    try {
      return await checked(der, peer);
    } catch {
      return INVALID;
    }
  };
}

/** Python's `base64.encodebytes`: standard base64 in lines of 76 characters, each ending in "\n". */
export function pythonEncodeBytes(bytes: Uint8Array): string {
  const flat = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let out = '';
  for (let i = 0; i < flat.length; i += 76) out += `${flat.slice(i, i + 76)}\n`;
  return out;
}

/** GET with a body (fetch refuses one), bounded in time and size. */
function getWithBody(
  url: URL,
  body: string,
  timeoutMs: number,
  maxResponseBytes: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            req.destroy(new Error('certificate validation response too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('certificate validation timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
