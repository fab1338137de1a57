// The "source" a per-address connection cap counts: the peer's IP (IPv6: its /64), or the whole address for other carriers.

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;

/** Expands an IPv6 address to its first four hextets (the /64 one subscriber usually holds). */
function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(Math.max(0, 8 - left.length - right.length)).fill('0');
  const groups = [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, '').toLowerCase());
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * The key connections are counted under for `maxConnectionsPerAddress`: "1.2.3.4" for
 * "1.2.3.4:5000" (also "::ffff:1.2.3.4" and "[::ffff:1.2.3.4]:5000"), "2001:db8:1:2::/64" for any
 * address in that /64, and the address as given when it is not an IP with a port (memory links).
 */
export function sourceKey(remoteAddress: string): string {
  const colon = remoteAddress.lastIndexOf(':');
  if (colon <= 0 || !/^\d+$/.test(remoteAddress.slice(colon + 1))) return remoteAddress;
  let host = remoteAddress.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(host);
  if (mapped?.[1]) return mapped[1];
  if (IPV4.test(host)) return host;
  if (host.includes(':') && IPV6.test(host)) return ipv6Prefix64(host);
  return remoteAddress;
}
