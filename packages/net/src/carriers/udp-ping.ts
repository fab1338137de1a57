// Ping over UDP: one query datagram, one answer datagram, no handshake (the server answers before its v0 core).
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { MessageError, PingOptions } from '@paperclip/messages';
import {
  DEFAULT_PING_QUERY_BYTES,
  decodePingAnswer,
  encodePingQuery,
  type PingResult,
  pingFailed,
  pingHostUnknown,
  pingNonce,
  pingNotPaperclip,
  pingRefused,
  pingTimedOut,
} from '@paperclip/messages';
import { toHostPort } from '../udp/address.ts';
import { errnoCode } from '../udp/udp-errors.ts';
import { describeErrno } from '../udp/udp-socket.ts';

/** The sentence for a socket error while pinging `target` (never a bare errno). */
function socketFailure(target: string, host: string, error: Error): MessageError {
  switch (errnoCode(error)) {
    case 'ECONNREFUSED':
      return pingRefused(target);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return pingHostUnknown(target, host);
    default:
      return pingFailed(target, describeErrno(error));
  }
}

/**
 * Pings a Paperclip server at "host:port" over UDP. Resolves with its status and the RTT; rejects with a
 * MessageError whose message is one sentence: refused (UNREACHABLE: the socket is connected, so an ICMP
 * port-unreachable arrives as ECONNREFUSED), unknown host (UNREACHABLE), no answer in time (TIMEOUT), or a
 * reply that is not a status answer (NOT_PAPERCLIP).
 *
 * ```ts
 * const { status, rttMs } = await pingUdp('127.0.0.1:5000', { timeoutMs: 2000 });
 * ```
 */
export function pingUdp(server: string, options: PingOptions = {}): Promise<PingResult> {
  const { host, port } = toHostPort(server);
  const target = `UDP ${server}`;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  const nonce = pingNonce();
  const query = encodePingQuery(nonce, options.querySize ?? DEFAULT_PING_QUERY_BYTES);
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  return new Promise<PingResult>((resolve, reject) => {
    let sentAt = 0;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      outcome();
    };
    const fail = (error: MessageError) => finish(() => reject(error));
    const timer = setTimeout(() => fail(pingTimedOut(target, timeoutMs)), timeoutMs);
    socket.on('error', (error) => fail(socketFailure(target, host, error)));
    // The socket is connected: every datagram comes from the server, so one that is not our answer means
    // whatever listens there is not a Paperclip server (each ping has its own socket, so no stale answers).
    socket.on('message', (datagram) => {
      try {
        const { status, truncated } = decodePingAnswer(datagram, nonce);
        const rttMs = now() - sentAt;
        finish(() => resolve({ status, rttMs, truncated }));
      } catch {
        fail(pingNotPaperclip(target, 'its reply is not a status answer'));
      }
    });
    // No callback on purpose: with one, dgram hands a failed host-name lookup to it instead of 'error'.
    socket.once('connect', () => {
      if (settled) return;
      sentAt = now();
      socket.send(query);
    });
    socket.connect(port, host);
  });
}
