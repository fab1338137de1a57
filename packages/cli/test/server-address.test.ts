// platformUrl: --server, or --host/--port and the seed's S_HOST/TCP_PORT, written with the shared host:port rule.
import { describe, expect, it } from 'vitest';
import { platformUrl } from '../src/interactive/server-address.ts';

describe('platformUrl', () => {
  it('brackets an IPv6 host once and keeps IPv4 hosts and names as they are', () => {
    expect(platformUrl({ host: '::1', port: 5000 }, {})).toBe('http://[::1]:5000');
    expect(platformUrl({ host: '[::1]', port: 5000 }, {})).toBe('http://[::1]:5000');
    expect(platformUrl({ host: '127.0.0.1', port: 5001 }, {})).toBe('http://127.0.0.1:5001');
    expect(platformUrl({}, { S_HOST: 'play.example.org', TCP_PORT: '8080' })).toBe(
      'http://play.example.org:8080',
    );
    expect(platformUrl({}, {})).toBe('http://127.0.0.1:5000');
  });
});
