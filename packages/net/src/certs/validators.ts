// Pluggable certificate validators: the driver asks one of these whether a peer's AUTH certificate is valid.
import { request } from 'node:http';
import { type AccountId, bracketHost, parseAccountId } from '@paperclip/protocol';
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
  return async (der) => {
    const body = JSON.stringify({ certificate: pythonEncodeBytes(der) });
    try {
      const { status, text } = await getWithBody(url, body, timeoutMs, maxResponseBytes);
      if (status !== 200) return INVALID;
      const answer: unknown = JSON.parse(text);
      if (typeof answer !== 'object' || answer === null) return INVALID;
      const { valid, 'account-id': accountId } = answer as Record<string, unknown>;
      return { valid: valid === true, accountId: parseAccountId(accountId) };
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
