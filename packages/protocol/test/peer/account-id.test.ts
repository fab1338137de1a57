// parseAccountId: the one rule turning USER_ID text (or a number) into an AccountId, and everything it refuses.
import { describe, expect, it } from 'vitest';
import { parseAccountId } from '../../src/peer/account-id.ts';

describe('parseAccountId', () => {
  it('reads positive decimal ids, from text or a number', () => {
    expect(parseAccountId('1')).toBe(1);
    expect(parseAccountId('42')).toBe(42);
    expect(parseAccountId(42)).toBe(42);
    expect(parseAccountId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses 0, negatives, leading zeros, signs, spaces and fractions', () => {
    for (const text of ['0', '-1', '-0', '007', '+7', ' 7', '7 ', '1.5', '1e3', '0x10', '']) {
      expect(parseAccountId(text), text).toBeNull();
    }
    for (const number of [0, -1, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseAccountId(number), String(number)).toBeNull();
    }
  });

  it('refuses ids above 2^53 - 1, which a number cannot hold exactly', () => {
    expect(parseAccountId('9007199254740992')).toBeNull();
    expect(parseAccountId('9999999999999999')).toBeNull();
    expect(parseAccountId('12345678901234567')).toBeNull();
    expect(parseAccountId(2 ** 53)).toBeNull();
  });

  it('refuses non-digits and other types', () => {
    for (const value of ['acc-7', 'abc', '٣', null, undefined, true, {}, [1], 1n]) {
      expect(parseAccountId(value), String(value)).toBeNull();
    }
  });
});
