// An account's id as every layer carries it (a positive safe integer), and the one parser of its text forms.

/**
 * The platform's account id: a positive safe integer. A certificate carries it as USER_ID text and the
 * seed's validation answer as a string; both are parsed once, by {@link parseAccountId}, where a validator
 * answers, and travel as this number (or `null` for an anonymous peer) from there on.
 */
export type AccountId = number;

/** Decimal digits without a sign or leading zero; 16 digits is the most a safe integer can have. */
const ACCOUNT_ID_TEXT = /^[1-9]\d{0,15}$/;

/**
 * The account id in `value`: a decimal string such as a certificate's USER_ID (`"42"`) or a number, when
 * it is a positive safe integer. Anything else (0, negatives, leading zeros, signs, spaces, fractions,
 * ids above 2^53 − 1, non-digits, other types) is `null`: the peer is treated as having no account.
 */
export function parseAccountId(value: unknown): AccountId | null {
  let id: number;
  if (typeof value === 'number') id = value;
  else if (typeof value === 'string' && ACCOUNT_ID_TEXT.test(value)) id = Number(value);
  else return null;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
