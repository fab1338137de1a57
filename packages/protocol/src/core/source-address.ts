// The source of an opaque "host:port" address key, for per-source limits: the IPv4 host, or the /64 of an IPv6
// host (one machine usually holds a whole /64, so counting single IPv6 addresses would be no limit; WireGuard
// also limits IPv6 per /64).
import type { Address } from './endpoint-options.ts';

/** "192.0.2.1:4000" → "192.0.2.1"; "[2001:db8::1]:4000" → "2001:db8:0:0::/64"; "[::ffff:192.0.2.1]:1" → "192.0.2.1". */
export function sourceOf(address: Address): string {
  if (!address.startsWith('[')) {
    const colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.slice(0, colon);
  }
  const end = address.indexOf(']');
  const host = (end < 0 ? address.slice(1) : address.slice(1, end)).toLowerCase();
  const mapped = host.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped !== null) return mapped[1]!;
  return `${ipv6Prefix64(host)}::/64`;
}

/** The first four groups of an IPv6 address (zone and "::" expanded), without leading zeros. */
function ipv6Prefix64(host: string): string {
  const bare = host.split('%')[0]!;
  const [head = '', tail] = bare.split('::', 2);
  const headGroups = head === '' ? [] : head.split(':');
  let groups = headGroups;
  if (tail !== undefined) {
    const tailGroups = tail === '' ? [] : tail.split(':');
    const zeros = Math.max(0, 8 - headGroups.length - tailGroups.length);
    groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  }
  return groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':');
}
