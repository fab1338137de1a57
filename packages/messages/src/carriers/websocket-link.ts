// A carrier link over any WHATWG-style WebSocket: the browser's own, or a `ws` socket on either side in Node.
import { type CloseReason, closeReason, MessageErrorCode } from '../errors.ts';
import type { CarrierLink, LinkHandlers, LinkInfo } from './carrier.ts';
import type { SendBudget, SendBudgetHolder } from './send-budget.ts';

/** The part of the WebSocket API the link uses (the browser's WebSocket and `ws` both have it). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  /** `ws` calls `written` once the bytes left its user-space buffer (browsers ignore it). */
  send(data: Uint8Array, written?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drops the socket and everything queued on it at once. */
  terminate?(): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/** WebSocket readyState values. */
const OPEN = 1;
const CLOSING = 2;

/** Options of a {@link WebSocketLink}. */
export interface WebSocketLinkOptions {
  /** Batching budget for packed packets. Default 16_384. */
  maxPacketBytes?: number;
  /**
   * Most bytes queued unsent before the peer counts as not reading and the link closes with
   * LIMIT_EXCEEDED (a slow or stalled peer must not grow our memory without bound). Default 1 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * A bound on unsent bytes shared with other links (a server's total). Needs a socket whose `send`
   * reports when bytes are written (`ws`); a link over the bound closes with LIMIT_EXCEEDED.
   */
  budget?: SendBudget;
  /** After a graceful close, how long the peer has to answer before the socket is dropped (`ws` only). Default 5_000 ms. */
  closeTimeoutMs?: number;
}

/** Default of {@link WebSocketLinkOptions.maxBufferedBytes}. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

/** Close statuses the link translates into typed reasons (others read as CONNECTION_LOST). */
function reasonFromStatus(code: number, text: string): CloseReason | undefined {
  if (code === 1009)
    return closeReason(
      MessageErrorCode.LIMIT_EXCEEDED,
      text || 'A WebSocket message exceeded the size limit.',
    );
  if (code === 1002 || code === 1003 || code === 1007) {
    return closeReason(MessageErrorCode.MALFORMED_FRAME, text || `The WebSocket closed with status ${code}.`);
  }
  return undefined;
}

/** Every packet is one binary WebSocket message; the socket is reliable and ordered. */
export class WebSocketLink implements CarrierLink, SendBudgetHolder {
  readonly info: LinkInfo;
  readonly ordered = true;
  readonly reliableOnly = true;
  readonly maxPacketBytes: number;
  readonly #socket: WebSocketLike;
  readonly #maxBufferedBytes: number;
  readonly #budget: SendBudget | undefined;
  readonly #closeTimeoutMs: number;
  #handlers: LinkHandlers | undefined;
  #ownReason: CloseReason | undefined;
  #closed = false;

  constructor(socket: WebSocketLike, info: LinkInfo, options: WebSocketLinkOptions = {}) {
    this.#socket = socket;
    this.info = info;
    this.maxPacketBytes = options.maxPacketBytes ?? 16_384;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.#budget = options.budget;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    socket.binaryType = 'arraybuffer';
  }

  start(handlers: LinkHandlers): void {
    this.#handlers = handlers;
    const socket = this.#socket;
    socket.addEventListener('message', (event) => this.#onMessage(event.data));
    socket.addEventListener('close', (event) => this.#onClose(event.code, event.reason));
    socket.addEventListener('error', (event) => {
      // 'close' always follows 'error' and reports; `ws` (Node) says why in a WS_ERR_* code, browsers never do.
      const code = (event as { error?: { code?: unknown } }).error?.code;
      if (typeof code !== 'string' || this.#ownReason) return;
      this.#ownReason =
        code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
          ? closeReason(
              MessageErrorCode.LIMIT_EXCEEDED,
              'A WebSocket message exceeded the size limit (maxPayload).',
            )
          : closeReason(MessageErrorCode.MALFORMED_FRAME, `The peer broke the WebSocket protocol (${code}).`);
    });
    if (socket.readyState === OPEN) handlers.open();
    else socket.addEventListener('open', () => handlers.open());
  }

  send(packet: Uint8Array, _reliable: boolean): void {
    if (this.#closed || this.#socket.readyState !== OPEN) return;
    const bytes = packet.byteLength;
    if (this.#socket.bufferedAmount + bytes > this.#maxBufferedBytes) {
      this.#drop(
        `The peer is not reading: more than ${this.#maxBufferedBytes} bytes are waiting to be sent to it.`,
      );
      return;
    }
    const budget = this.#budget;
    if (!budget) {
      this.#socket.send(packet);
      return;
    }
    if (!budget.reserve(this, bytes)) {
      this.#drop(
        `The peer is not reading and the server's total send buffer (${budget.maxBytes} bytes) is full.`,
      );
      return;
    }
    this.#socket.send(packet, () => budget.release(this, bytes));
  }

  close(): void {
    if (this.#socket.readyState >= CLOSING) return;
    this.#socket.close(1000);
    // A peer that never answers the close handshake must not keep the socket (and its buffers) for long.
    if (this.#socket.terminate) {
      const timer = setTimeout(() => this.#socket.terminate?.(), this.#closeTimeoutMs);
      (timer as { unref?: () => void }).unref?.();
      this.#socket.addEventListener('close', () => clearTimeout(timer));
    }
  }

  /** The shared budget is full and this link holds the most: close it now. */
  evict(): void {
    this.#drop(`The peer is not reading and holds the most of the server's total send buffer.`);
  }

  /**
   * Closes a peer that does not read. A graceful close would queue behind the data it does not
   * read (and `ws` waits 30 s for its answer), so the socket and everything queued on it are
   * dropped at once where the socket can (`ws`), and the budget gets its bytes back now.
   */
  #drop(message: string): void {
    this.#ownReason ??= closeReason(MessageErrorCode.LIMIT_EXCEEDED, message);
    this.#budget?.forget(this);
    if (this.#socket.terminate) this.#socket.terminate();
    else if (this.#socket.readyState < CLOSING) this.#socket.close(1008, 'peer not reading');
  }

  #onMessage(data: unknown): void {
    if (this.#closed) return;
    if (data instanceof ArrayBuffer) {
      this.#handlers?.packet(new Uint8Array(data));
      return;
    }
    if (ArrayBuffer.isView(data)) {
      this.#handlers?.packet(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return;
    }
    this.#ownReason = closeReason(
      MessageErrorCode.MALFORMED_FRAME,
      'The peer sent a text WebSocket message.',
    );
    this.#socket.close(1003, 'binary messages only');
  }

  #onClose(code: number, text: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#budget?.forget(this);
    this.#handlers?.closed(this.#ownReason ?? reasonFromStatus(code, text));
  }
}
