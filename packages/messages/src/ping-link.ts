// Ping over a reliable carrier link (WebSocket): send PING before any handshake, read PONG, hang up.
import type { CarrierLink } from './carriers/carrier.ts';
import { ControlId } from './control.ts';
import { ControlCodec } from './control-codec.ts';
import { MessageError, MessageErrorCode } from './errors.ts';
import { decodeFrames, encodeFrame } from './frame-codec.ts';
import { DEFAULT_PAYLOAD_LIMITS } from './payload-codec.ts';
import { DEFAULT_PING_QUERY_BYTES, decodePingAnswer, encodePingQuery, type PingResult } from './ping.ts';

/** Options of a ping. */
export interface PingOptions {
  /** Give up after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Query size in bytes; the answer can be at most this big. Default 512. */
  querySize?: number;
  /** Clock for the RTT, in ms. Default performance.now. */
  now?: () => number;
}

const control = new ControlCodec(DEFAULT_PAYLOAD_LIMITS);

/** Random 32-bit nonce without Node built-ins (crypto.getRandomValues exists in browsers and Node ≥ 19). */
export function pingNonce(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** Sends one ping over `link` and resolves with the server's status and the round-trip time. */
export function pingOverLink(link: CarrierLink, options: PingOptions = {}): Promise<PingResult> {
  const now = options.now ?? (() => performance.now());
  const nonce = pingNonce();
  const query = encodePingQuery(nonce, options.querySize ?? DEFAULT_PING_QUERY_BYTES);
  return new Promise<PingResult>((resolve, reject) => {
    let sentAt = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.close();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new MessageError(MessageErrorCode.TIMEOUT, 'The server did not answer the ping in time.')),
        ),
      options.timeoutMs ?? 5000,
    );
    link.start({
      open: () => {
        sentAt = now();
        link.send(encodeFrame(ControlId.PING, 0, 0, control.encode(query)), true);
      },
      packet: (data) => {
        try {
          for (const frame of decodeFrames(data, { maxMessageBytes: 4096, maxFramesPerPacket: 8 })) {
            if (frame.messageId === ControlId.PONG) {
              const answer = control.decode(ControlId.PONG, frame.payload) as Uint8Array;
              const { status, truncated } = decodePingAnswer(answer, nonce);
              const rttMs = now() - sentAt;
              settle(() => resolve({ status, rttMs, truncated }));
              return;
            }
            if (frame.messageId === ControlId.CLOSE) {
              const { message } = control.decode(ControlId.CLOSE, frame.payload) as { message: string };
              settle(() =>
                reject(
                  new MessageError(
                    MessageErrorCode.CONNECTION_LOST,
                    `The server refused the ping: ${message}`,
                  ),
                ),
              );
              return;
            }
          }
        } catch (error) {
          settle(() => reject(error));
        }
      },
      closed: (reason) =>
        settle(() =>
          reject(
            new MessageError(
              reason?.code ?? MessageErrorCode.CONNECTION_LOST,
              reason?.message ?? 'The server hung up without answering the ping.',
            ),
          ),
        ),
    });
  });
}
