// Binds one sans-IO Endpoint to one node:dgram socket: datagrams in, transmits out, one timer, async validation.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import {
  type Address,
  Endpoint,
  type EndpointEvent,
  type EndpointOptions,
  pooledRandomBytes,
} from '@paperclip/protocol';
import type { CertificateValidator } from '../certs/validators.ts';
import { formatAddress, type HostPort, parseAddress } from './address.ts';
import { runValidation } from './run-validation.ts';
import { BindError, errnoCode, SocketError } from './udp-errors.ts';
import { describeErrno, openUdpSocket } from './udp-socket.ts';

/** Endpoint tuning a Server/Client passes through to the core (limits, heartbeat, RTO, …). */
export type EndpointTuning = Omit<EndpointOptions, 'role' | 'certificate' | 'randomBytes'>;

/** Driver-level counters, beside the core's `Endpoint.stats`. */
export interface DriverStats {
  /** Send/receive errors on the open socket (other than ICMP unreachable). */
  socketErrors: number;
  /** ICMP "port unreachable" reports (ECONNREFUSED) on a connected socket. */
  icmpUnreachable: number;
  /** Validator calls that threw, rejected or exceeded validationTimeoutMs (counted as invalid). */
  validationFailures: number;
}

/** What the owner (Server or Client) hears from the driver. */
export interface DriverHooks {
  onEvent(event: EndpointEvent): void;
  /** A non-fatal socket error (already counted). */
  onSocketError(error: SocketError): void;
  /** ECONNREFUSED on a connected socket: the peer's port is closed. */
  onUnreachable(): void;
}

/** Construction options of an {@link EndpointDriver}. */
export interface EndpointDriverOptions {
  role: 'server' | 'client';
  certificate: Uint8Array;
  validator: CertificateValidator;
  tuning: EndpointTuning;
  /** A validator answer later than this counts as invalid. */
  validationTimeoutMs: number;
  /** SO_RCVBUF/SO_SNDBUF request (the kernel may cap it). */
  socketBufferBytes: number;
  /** Monotonic milliseconds; default performance.now. */
  clock?: () => number;
  /** Sees each datagram before the core; returning true consumes it (the message layer's ping query). */
  interceptDatagram?: DatagramInterceptor;
}

/**
 * Pre-core hook: `reply` sends a datagram back to `from`. Return true when the datagram was handled
 * (it then never reaches the Endpoint), false to let the core read it.
 */
export type DatagramInterceptor = (
  datagram: Uint8Array,
  from: Address,
  reply: (answer: Uint8Array) => void,
) => boolean;

const MAX_FLUSH_ROUNDS = 16;
const DEFAULT_CORE_CLOSE_TIMEOUT_MS = 2_000;
const CLOSE_SAFETY_MARGIN_MS = 1_000;
const ADDRESS_CACHE_LIMIT = 4096;

/**
 * The thin driver of quinn's pattern: every input goes to the Endpoint, then (once per event-loop turn,
 * so acks and sends of one turn are batched) transmits are written to the socket, events go to the
 * owner, and one timer is re-armed to `pollTimeout()`.
 */
export class EndpointDriver {
  /** The sans-IO core this driver feeds. */
  readonly endpoint: Endpoint;
  readonly stats: DriverStats = { socketErrors: 0, icmpUnreachable: 0, validationFailures: 0 };
  readonly #options: EndpointDriverOptions;
  readonly #hooks: DriverHooks;
  readonly #clock: () => number;
  readonly #addressCache = new Map<Address, HostPort>();
  readonly #senderCache = new Map<number, { host: string; address: Address }>();
  #lastResolved: Address | undefined;
  #lastHostPort: HostPort | undefined;
  #socket: Socket | undefined;
  #connectedPeer: Address | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerDeadline = Number.POSITIVE_INFINITY;
  #flushScheduled = false;
  #flushing = false;
  #state: 'idle' | 'open' | 'closing' | 'closed' = 'idle';
  #closePromise: Promise<void> | undefined;
  #finishClose: (() => void) | undefined;

  constructor(options: EndpointDriverOptions, hooks: DriverHooks) {
    this.#options = options;
    this.#hooks = hooks;
    this.#clock = options.clock ?? (() => performance.now());
    this.endpoint = new Endpoint({
      ...options.tuning,
      // node:dgram gives every datagram its own buffer, so payloads can be handed out as views (no copy).
      ownsReceivedDatagrams: true,
      role: options.role,
      certificate: options.certificate,
      // One CSPRNG call per 8 KiB of IVs: a call per packet cost more than the AES work itself.
      randomBytes: pooledRandomBytes((length) => randomBytes(length)),
    });
  }

  /** The bound local address, once {@link bind} resolved. */
  get localAddress(): HostPort | undefined {
    if (this.#socket === undefined || this.#state === 'idle' || this.#state === 'closed') return undefined;
    const info = this.#socket.address();
    return { host: info.address, port: info.port };
  }

  /** Opens the socket on host:port (port 0 = ephemeral). Rejects with AddressInUseError/BindError. */
  async bind(port: number, host: string): Promise<HostPort> {
    if (this.#state !== 'idle') throw new BindError({ host, port, reason: 'the socket is already open' });
    this.#state = 'closed'; // until the bind succeeds
    const socket = await openUdpSocket(host, port, this.#options.socketBufferBytes);
    if (this.#closePromise !== undefined) {
      socket.close(); // close() was called while the bind was in progress
      throw new BindError({ host, port, reason: 'the endpoint was closed while opening' });
    }
    this.#socket = socket;
    this.#state = 'open';
    socket.on('error', (error) => this.#onSocketError(error));
    socket.on('message', (message, info) => {
      const from = this.#senderAddress(info.address, info.port);
      // A plain Uint8Array view of dgram's Buffer (no copy): payloads handed out are then plain views too.
      const datagram = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
      const intercept = this.#options.interceptDatagram;
      if (intercept?.(datagram, from, (answer) => this.#transmit(from, answer))) return;
      this.endpoint.handleDatagram(this.#clock(), from, datagram);
      this.#scheduleFlush();
    });
    return this.localAddress!;
  }

  /** Client: connect the socket to the server so ICMP unreachable is reported and sends skip the lookup. */
  connectSocket(peer: Address): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined || this.#state !== 'open') return Promise.resolve();
    const { host, port } = this.#resolve(peer);
    return new Promise((resolve) => {
      socket.connect(port, host, () => {
        this.#connectedPeer = peer;
        resolve();
      });
    });
  }

  /** Queues one application message (Endpoint.send) and flushes on this turn's flush; throws what send throws. */
  send(peer: Address, payload: Uint8Array, flags: number): void {
    this.endpoint.send(this.#clock(), peer, payload, flags);
    this.#scheduleFlush();
  }

  /** Runs `input` against the endpoint now, then flushes outputs on this turn's flush. */
  run(input: (endpoint: Endpoint, now: number) => void): void {
    input(this.endpoint, this.#clock());
    this.#scheduleFlush();
  }

  /** Graceful close: core close, wait (bounded) for 'closed', then close the socket. Idempotent. */
  close(): Promise<void> {
    if (this.#closePromise !== undefined) return this.#closePromise;
    this.#closePromise = new Promise<void>((resolve) => {
      let safety: NodeJS.Timeout | undefined;
      this.#finishClose = () => {
        this.#finishClose = undefined;
        clearTimeout(safety);
        this.#clearTimer();
        this.#state = 'closed';
        // Let the final sends (queued behind a nextTick inside dgram) leave before the handle closes.
        setImmediate(() => {
          try {
            this.#socket?.close();
          } catch {
            // Already closed (bind failed).
          }
          resolve();
        });
      };
      if (this.#state !== 'open') {
        this.#finishClose();
        return;
      }
      this.#state = 'closing';
      // The core ends close() by closeTimeoutMs; the extra second only guards against a core that never does.
      const coreBound = this.#options.tuning.closeTimeoutMs ?? DEFAULT_CORE_CLOSE_TIMEOUT_MS;
      safety = setTimeout(() => this.#finishClose?.(), coreBound + CLOSE_SAFETY_MARGIN_MS);
      this.endpoint.close(this.#clock());
      this.#flush();
    });
    return this.#closePromise;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#flushing) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#state === 'closed' || this.#state === 'idle') return;
    this.#flushing = true;
    try {
      let rounds = 0;
      let worked = true;
      while (worked && rounds++ < MAX_FLUSH_ROUNDS) {
        worked = false;
        for (let out = this.endpoint.pollTransmit(); out; out = this.endpoint.pollTransmit()) {
          this.#transmit(out.to, out.datagram);
          worked = true;
        }
        for (let event = this.endpoint.pollEvent(); event; event = this.endpoint.pollEvent()) {
          worked = true;
          this.#dispatch(event);
          if (this.#isClosed()) return;
        }
      }
      if (worked) this.#scheduleFlushAfter();
    } finally {
      this.#flushing = false;
    }
    this.#armTimer();
  }

  /** A method, so TypeScript does not narrow #state across the event callbacks that may close us. */
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #scheduleFlushAfter(): void {
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  #dispatch(event: EndpointEvent): void {
    switch (event.type) {
      case 'validateCertificate':
        this.#validate(event.requestId, event.peer, event.certificate);
        return;
      case 'data':
        // Unencrypted payloads are views into dgram's Buffer; hand out a plain Uint8Array view (no copy).
        if (Buffer.isBuffer(event.data)) {
          const { buffer, byteOffset, byteLength } = event.data;
          this.#hooks.onEvent({ ...event, data: new Uint8Array(buffer, byteOffset, byteLength) });
        } else {
          this.#hooks.onEvent(event);
        }
        return;
      case 'closed':
        this.#hooks.onEvent(event);
        this.#finishClose?.();
        return;
      default:
        this.#hooks.onEvent(event);
    }
  }

  #validate(requestId: number, peer: Address, certificate: Uint8Array): void {
    runValidation(
      this.#options.validator,
      certificate,
      peer,
      this.#options.validationTimeoutMs,
      (verdict, failed) => {
        if (failed) this.stats.validationFailures++;
        if (this.#state !== 'open' && this.#state !== 'closing') return;
        this.run((endpoint, now) => endpoint.completeCertificateValidation(now, requestId, verdict));
      },
    );
  }

  #transmit(to: Address, datagram: Uint8Array): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    try {
      // No callback: dgram then tries a synchronous send and allocates no completion closure.
      if (to === this.#connectedPeer) {
        socket.send(datagram);
      } else {
        const { host, port } = this.#resolve(to);
        socket.send(datagram, port, host);
      }
    } catch (error) {
      this.#onSocketError(error as Error);
    }
  }

  /** The core's "host:port" key for a sender; cached by port so a busy peer costs no string building. */
  #senderAddress(host: string, port: number): Address {
    const cached = this.#senderCache.get(port);
    if (cached !== undefined && cached.host === host) return cached.address;
    if (this.#senderCache.size >= ADDRESS_CACHE_LIMIT) this.#senderCache.clear();
    const address = formatAddress(host, port);
    this.#senderCache.set(port, { host, address });
    return address;
  }

  #resolve(address: Address): HostPort {
    if (address === this.#lastResolved) return this.#lastHostPort!;
    let hostPort = this.#addressCache.get(address);
    if (hostPort === undefined) {
      if (this.#addressCache.size >= ADDRESS_CACHE_LIMIT) this.#addressCache.clear();
      hostPort = parseAddress(address);
      this.#addressCache.set(address, hostPort);
    }
    this.#lastResolved = address;
    this.#lastHostPort = hostPort;
    return hostPort;
  }

  #onSocketError(error: Error): void {
    if (errnoCode(error) === 'ECONNREFUSED') {
      this.stats.icmpUnreachable++;
      this.#hooks.onUnreachable();
      return;
    }
    this.stats.socketErrors++;
    this.#hooks.onSocketError(
      new SocketError(`UDP socket error: ${describeErrno(error)}.`, { cause: error }),
    );
  }

  #armTimer(): void {
    if (this.#state === 'closed') return;
    const deadline = this.endpoint.pollTimeout();
    if (deadline === undefined) {
      this.#clearTimer();
      return;
    }
    // An earlier wake-up is already armed: it re-arms when it fires, so no timer churn per datagram.
    if (this.#timer !== undefined && this.#timerDeadline <= deadline) return;
    this.#clearTimer();
    this.#timerDeadline = deadline;
    const delay = Math.max(1, Math.ceil(deadline - this.#clock()));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerDeadline = Number.POSITIVE_INFINITY;
      if (this.#state === 'closed') return;
      this.endpoint.handleTimeout(this.#clock());
      this.#flush();
    }, delay);
    this.#timer.unref();
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDeadline = Number.POSITIVE_INFINITY;
  }
}
