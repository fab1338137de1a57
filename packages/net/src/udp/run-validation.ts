// Runs a pluggable certificate validator with a deadline; anything but a timely answer counts as invalid.
import type { CertificateValidator, CertificateVerdict } from '../certs/validators.ts';

const INVALID: CertificateVerdict = { valid: false, accountId: null };

/**
 * Calls `validator(der, peer)` and reports exactly once: its verdict (normalised), or INVALID with
 * `failed = true` if it throws, rejects, or takes longer than `timeoutMs`.
 */
export function runValidation(
  validator: CertificateValidator,
  der: Uint8Array,
  peer: string,
  timeoutMs: number,
  report: (verdict: CertificateVerdict, failed: boolean) => void,
): void {
  let settled = false;
  const settle = (verdict: CertificateVerdict, failed: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timeout);
    report(verdict, failed);
  };
  const fail = () => settle(INVALID, true);
  const timeout = setTimeout(fail, timeoutMs);
  try {
    validator(der, peer).then(
      (verdict) => settle({ valid: verdict?.valid === true, accountId: verdict?.accountId ?? null }, false),
      fail,
    );
  } catch {
    fail();
  }
}
