// The sentences a failed status ping ends with, one per cause, shared by the UDP and WebSocket pings.
import { MessageError, MessageErrorCode } from './errors.ts';

/**
 * What was pinged, as the sentences name it: `"UDP 127.0.0.1:5999"` for UDP, the URL for WebSocket.
 * A target that is a URL gets "is the URL right?" in hints, anything else "is the port right?".
 */
export type PingTarget = string;

function addressHint(target: PingTarget): string {
  return /^wss?:\/\//i.test(target) ? 'URL' : 'port';
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** No answer before the deadline. Example: "UDP 127.0.0.1:5999 did not answer within 5 s: is it a Paperclip server, and is the port right?" */
export function pingTimedOut(target: PingTarget, timeoutMs: number): MessageError {
  return new MessageError(
    MessageErrorCode.TIMEOUT,
    `${target} did not answer within ${seconds(timeoutMs)}: is it a Paperclip server, and is the ${addressHint(target)} right?`,
  );
}

/** Connection refused (TCP RST, or ICMP port unreachable on a connected UDP socket). */
export function pingRefused(target: PingTarget): MessageError {
  return new MessageError(
    MessageErrorCode.UNREACHABLE,
    `Nothing is listening on ${target} (connection refused).`,
  );
}

/** The host name of the target does not resolve. */
export function pingHostUnknown(target: PingTarget, host: string): MessageError {
  return new MessageError(
    MessageErrorCode.UNREACHABLE,
    `Cannot ping ${target}: the host name "${host}" could not be resolved.`,
  );
}

/** Something answered, but not as a Paperclip server does; `detail` says what it did instead. */
export function pingNotPaperclip(target: PingTarget, detail: string): MessageError {
  return new MessageError(
    MessageErrorCode.NOT_PAPERCLIP,
    `${target} answered, but not as a Paperclip server does: ${detail}.`,
  );
}

/** The peer closed the connection without an answer and without saying why. */
export function pingHungUp(target: PingTarget): MessageError {
  return new MessageError(
    MessageErrorCode.CONNECTION_LOST,
    `${target} hung up without answering the ping: is it a Paperclip server?`,
  );
}

/** Any other failure, with the cause in plain words (never a bare errno). */
export function pingFailed(target: PingTarget, cause: string): MessageError {
  return new MessageError(MessageErrorCode.CONNECTION_LOST, `Ping to ${target} failed: ${cause}.`);
}
