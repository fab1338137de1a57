// Opens a node:dgram socket for the driver, turning bind failures into clear typed errors.
import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { AddressInUseError, BindError, errnoCode } from './udp-errors.ts';

/**
 * Binds a UDP socket (udp6 for IPv6 hosts) on host:port and requests `bufferBytes` for SO_RCVBUF/SO_SNDBUF.
 * Rejects with AddressInUseError (EADDRINUSE) or BindError; the socket is closed on failure.
 */
export function openUdpSocket(host: string, port: number, bufferBytes: number): Promise<Socket> {
  const socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', lookup: literalFirstLookup });
  return new Promise((resolve, reject) => {
    const onBindError = (error: Error) => {
      socket.close();
      reject(
        errnoCode(error) === 'EADDRINUSE'
          ? new AddressInUseError({ host, port }, { cause: error })
          : new BindError({ host, port, reason: describeErrno(error) }, { cause: error }),
      );
    };
    socket.once('error', onBindError);
    socket.bind({ port, address: host }, () => {
      socket.off('error', onBindError);
      for (const set of [socket.setRecvBufferSize, socket.setSendBufferSize]) {
        try {
          set.call(socket, bufferBytes);
        } catch {
          // The kernel refused the size; the default buffer still works.
        }
      }
      resolve(socket);
    });
  });
}

/** A short lower-case reason for an errno error, for sentences. */
export function describeErrno(error: Error): string {
  switch (errnoCode(error)) {
    case 'EADDRINUSE':
      return 'the address is in use';
    case 'EADDRNOTAVAIL':
      return 'that address does not belong to this machine';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    default:
      return error.message;
  }
}

/**
 * dgram resolves the destination of every send() on an unconnected socket. The core only ever sends to the
 * IP literals datagrams came from, which dns.lookup answers on a later tick; answering those at once saves a
 * tick and a closure per datagram. Names still go to dns.lookup.
 */
function literalFirstLookup(
  hostname: string,
  options: LookupOneOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const family = isIP(hostname);
  if (family !== 0) {
    callback(null, hostname, family);
    return;
  }
  dnsLookup(hostname, options, callback);
}
