// Ping over a reliable carrier link (WebSocket): send PING before any handshake, read PONG, hang up.
import type { CarrierLink } from './carriers/carrier.ts';
import { ControlId } from './control.ts';
import { ControlCodec } from './control-codec.ts';
import { type CloseReason, MessageError, MessageErrorCode } from './errors.ts';
import { decodeFrames, encodeFrame } from './frame-codec.ts';
import { DEFAULT_PAYLOAD_LIMITS } from './payload-codec.ts';
import { DEFAULT_PING_QUERY_BYTES, decodePingAnswer, encodePingQuery, type PingResult } from './ping.ts';
import { pingHungUp, pingNotPaperclip, pingTimedOut } from './ping-failures.ts';

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

/** The failure for a link that closed before the answer: a peer that broke the protocol is not a Paperclip server. */
function closeFailure(target: string, reason: CloseReason | undefined): MessageError {
  if (reason === undefined) return pingHungUp(target);
  if (reason.code === MessageErrorCode.MALFORMED_FRAME) {
    const detail = reason.message.replace(/\.$/, '');
    return pingNotPaperclip(target, detail.charAt(0).toLowerCase() + detail.slice(1));
  }
  return new MessageError(reason.code, reason.message);
}

/**
 * Sends one ping over `link` and resolves with the server's status and the round-trip time. Every failure
 * rejects with a {@link MessageError} whose message is one sentence naming the link's remote address
 * (see ping-failures.ts): no answer in time (TIMEOUT), a reply that is not a status answer (NOT_PAPERCLIP),
 * a refusal (the server's CLOSE), or a hang-up.
 */
export function pingOverLink(link: CarrierLink, options: PingOptions = {}): Promise<PingResult> {
  const now = options.now ?? (() => performance.now());
  const target = link.info.remoteAddress;
  const timeoutMs = options.timeoutMs ?? 5000;
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
    const fail = (error: MessageError) => settle(() => reject(error));
    const timer = setTimeout(() => fail(pingTimedOut(target, timeoutMs)), timeoutMs);
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
              fail(
                new MessageError(MessageErrorCode.CONNECTION_LOST, `${target} refused the ping: ${message}`),
              );
              return;
            }
          }
          // A Paperclip server says nothing but PONG or CLOSE before a handshake.
          fail(pingNotPaperclip(target, 'its reply is not a status answer'));
        } catch {
          fail(pingNotPaperclip(target, 'its reply is not a status answer'));
        }
      },
      closed: (reason) => fail(closeFailure(target, reason)),
    });
  });
}
