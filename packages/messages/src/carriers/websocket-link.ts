// A carrier link over any WHATWG-style WebSocket: the browser's own, or a `ws` socket on either side in Node.
import { type CloseReason, closeReason, MessageErrorCode } from '../errors.ts';
import type { CarrierLink, LinkHandlers, LinkInfo } from './carrier.ts';

/** The part of the WebSocket API the link uses (the browser's WebSocket and `ws` both have it). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
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
   * LIMIT_EXCEEDED (a slow or stalled peer must not grow our memory without bound). Default 4 MiB.
   */
  maxBufferedBytes?: number;
}

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
export class WebSocketLink implements CarrierLink {
  readonly info: LinkInfo;
  readonly ordered = true;
  readonly reliableOnly = true;
  readonly maxPacketBytes: number;
  readonly #socket: WebSocketLike;
  readonly #maxBufferedBytes: number;
  #handlers: LinkHandlers | undefined;
  #ownReason: CloseReason | undefined;
  #closed = false;

  constructor(socket: WebSocketLike, info: LinkInfo, options: WebSocketLinkOptions = {}) {
    this.#socket = socket;
    this.info = info;
    this.maxPacketBytes = options.maxPacketBytes ?? 16_384;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
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
    if (this.#socket.bufferedAmount > this.#maxBufferedBytes) {
      this.#ownReason = closeReason(
        MessageErrorCode.LIMIT_EXCEEDED,
        `The peer is not reading: more than ${this.#maxBufferedBytes} bytes are waiting to be sent.`,
      );
      this.#socket.close(1008, 'peer not reading');
      return;
    }
    this.#socket.send(packet);
  }

  close(): void {
    if (this.#socket.readyState < CLOSING) this.#socket.close(1000);
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
    this.#handlers?.closed(this.#ownReason ?? reasonFromStatus(code, text));
  }
}
