// Host text: wildcard binds become the loopback of their family, IPv6 literals are bracketed in URLs and addresses.
import { describe, expect, it } from 'vitest';
import { bracketHost, formatHostPort, isWildcardHost, loopbackFor } from '../../src/peer/host-address.ts';

describe('isWildcardHost', () => {
  it('knows the IPv4 and IPv6 wildcards and the empty host', () => {
    expect(isWildcardHost('0.0.0.0')).toBe(true);
    expect(isWildcardHost('::')).toBe(true);
    expect(isWildcardHost('')).toBe(true);
  });

  it('treats loopbacks, addresses and names as real hosts', () => {
    for (const host of ['127.0.0.1', '::1', '192.0.2.7', 'example.test', 'localhost']) {
      expect(isWildcardHost(host), host).toBe(false);
    }
  });
});

describe('loopbackFor', () => {
  it('maps a wildcard to the loopback of the same family', () => {
    expect(loopbackFor('0.0.0.0')).toBe('127.0.0.1');
    expect(loopbackFor('')).toBe('127.0.0.1');
    // An IPv6 wildcard socket may be IPv6-only: ::1 always reaches it, 127.0.0.1 not always.
    expect(loopbackFor('::')).toBe('::1');
  });

  it('keeps any other host', () => {
    for (const host of ['127.0.0.1', '::1', 'fe80::1', 'example.test']) expect(loopbackFor(host)).toBe(host);
  });
});

describe('bracketHost and formatHostPort', () => {
  it('brackets IPv6 literals only, once', () => {
    expect(bracketHost('::1')).toBe('[::1]');
    expect(bracketHost('[::1]')).toBe('[::1]');
    expect(bracketHost('127.0.0.1')).toBe('127.0.0.1');
    expect(bracketHost('example.test')).toBe('example.test');
  });

  it('writes host:port text', () => {
    expect(formatHostPort('127.0.0.1', 40100)).toBe('127.0.0.1:40100');
    expect(formatHostPort('::1', 40100)).toBe('[::1]:40100');
    expect(formatHostPort('example.test', 5000)).toBe('example.test:5000');
    expect(formatHostPort(loopbackFor('::'), 5000)).toBe('[::1]:5000');
  });
});
