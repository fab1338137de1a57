// Hosts in URLs and "host:port" text: wildcard binds mean this machine's loopback, IPv6 goes in brackets.

/** The IPv4 wildcard a server binds to listen on every interface. */
const IPV4_ANY = '0.0.0.0';
/** The IPv6 wildcard (on most systems it also accepts IPv4). */
const IPV6_ANY = '::';

/**
 * Whether `host` is a wildcard bind address (`0.0.0.0`, `::`, or empty, which Node treats as "any"):
 * an address to listen on, never one to connect or advertise to.
 */
export function isWildcardHost(host: string): boolean {
  return host === IPV4_ANY || host === IPV6_ANY || host === '';
}

/**
 * The host a process on this machine uses to reach a server bound to `host`: the loopback of the same
 * family for a wildcard (`0.0.0.0` and empty → `127.0.0.1`; `::` → `::1`, since an IPv6-only socket does
 * not answer on 127.0.0.1), otherwise `host` itself.
 */
export function loopbackFor(host: string): string {
  if (host === IPV6_ANY) return '::1';
  return isWildcardHost(host) ? '127.0.0.1' : host;
}

/** `host` as URLs and "host:port" text write it: an IPv6 literal in brackets (`[::1]`), anything else as is. */
export function bracketHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** "127.0.0.1:40100", "[::1]:40100" or "example.test:40100". */
export function formatHostPort(host: string, port: number): string {
  return `${bracketHost(host)}:${port}`;
}
