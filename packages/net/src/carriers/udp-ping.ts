// Ping over UDP: one query datagram, one answer datagram, no handshake (the server answers before its v0 core).
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { PingOptions } from '@paperclip/messages';
import {
  DEFAULT_PING_QUERY_BYTES,
  decodePingAnswer,
  encodePingQuery,
  MessageError,
  MessageErrorCode,
  type PingResult,
  pingNonce,
} from '@paperclip/messages';
import { toHostPort } from '../udp/address.ts';

/** Pings a Paperclip server at "host:port" over UDP. Resolves with its status and the RTT. */
export function pingUdp(server: string, options: PingOptions = {}): Promise<PingResult> {
  const { host, port } = toHostPort(server);
  const now = options.now ?? (() => performance.now());
  const nonce = pingNonce();
  const query = encodePingQuery(nonce, options.querySize ?? DEFAULT_PING_QUERY_BYTES);
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  return new Promise<PingResult>((resolve, reject) => {
    let sentAt = 0;
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      socket.close();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new MessageError(MessageErrorCode.TIMEOUT, `${server} did not answer the ping in time.`)),
        ),
      options.timeoutMs ?? 5000,
    );
    socket.on('error', (error) =>
      finish(() =>
        reject(
          new MessageError(MessageErrorCode.CONNECTION_LOST, `Ping to ${server} failed: ${error.message}.`),
        ),
      ),
    );
    socket.on('message', (datagram) => {
      try {
        const { status, truncated } = decodePingAnswer(datagram, nonce);
        const rttMs = now() - sentAt;
        finish(() => resolve({ status, rttMs, truncated }));
      } catch {
        // Not our answer (stray datagram): keep waiting until the timeout.
      }
    });
    socket.connect(port, host, () => {
      sentAt = now();
      socket.send(query);
    });
  });
}
