// The source host of an opaque "host:port" address key (IPv6 in brackets), for per-source limits.
import type { Address } from './endpoint-options.ts';

/** "192.0.2.1:4000" → "192.0.2.1"; "[::1]:4000" → "::1"; anything without a port is its own source. */
export function sourceOf(address: Address): string {
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    return end < 0 ? address : address.slice(1, end);
  }
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}
