// Paperclip v0 UDP client for Node: one connection to one server, reported as typed events.
import { lookup } from 'node:dns/promises';
import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import type { Address, EndpointStats, PaperclipError } from '@paperclip/protocol';
import { generateCertificate } from '../certs/generate-certificate.ts';
import {
  type CertificateValidator,
  defaultValidationBaseUrl,
  httpCertificateValidator,
} from '../certs/validators.ts';
import { formatAddress, type HostPort, toHostPort } from './address.ts';
import { CertificateRefusal } from './certificate-refusal.ts';
import { type DriverStats, EndpointDriver, type EndpointTuning } from './endpoint-driver.ts';
import { type FlagInput, parseFlags } from './flags.ts';
import { DriverStateError, ServerUnreachableError, type SocketError } from './udp-errors.ts';

/** Why a client's connection ended or could not start. */
export type DisconnectReason = PaperclipError | ServerUnreachableError;

/** Events of a {@link Client}. 'error' is only emitted when someone listens for it (it is never fatal). */
export interface ClientEvents {
  connect: [server: Address];
  data: [peer: Address, data: Uint8Array, flags: number];
  /** The connection ended (refused, lost, closed by the server). The socket is closed right after. */
  disconnect: [reason: DisconnectReason];
  error: [error: PaperclipError | SocketError, peer: Address | undefined];
  close: [];
}

/** Options of a {@link Client}; the endpoint tuning (handshakeTimeoutMs, RTO, …) passes to the core. */
export interface ClientOptions extends EndpointTuning {
  /** Our certificate (DER). Default: a fresh seed-shaped self-signed one, made in connect(). */
  certificate?: Uint8Array;
  /** USER_ID of the generated certificate (ignored when `certificate` is given). */
  accountId?: string | number | null;
  /** PSEUDONYM of the generated certificate (ignored when `certificate` is given). */
  username?: string | null;
  /** Decides on the server's certificate. Default: the seed's HTTP check at http://<server host>:5000. */
  validator?: CertificateValidator;
  /** A validator slower than this refuses the server. Default 10 000 ms. */
  validationTimeoutMs?: number;
  /** Local address to bind. Default: an ephemeral port on 127.0.0.1 for a loopback server, else any. */
  bind?: string | HostPort;
  /** Requested SO_RCVBUF/SO_SNDBUF. Default 1 MiB. */
  socketBufferBytes?: number;
}

/**
 * A Paperclip v0 client.
 *
 * ```ts
 * const client = new Client({ validator: acceptAnyCertificate });
 * client.on('data', (_peer, data) => console.log(data));
 * await client.connect('127.0.0.1:40100');
 * client.send(new TextEncoder().encode('hi'), 'RELIABLE,ENCRYPTED');
 * await client.close();
 * ```
 */
export class Client extends EventEmitter<ClientEvents> {
  readonly #options: ClientOptions;
  #driver: EndpointDriver | undefined;
  #server: Address | undefined;
  #connected = false;
  #closing: Promise<void> | undefined;
  #settleConnect: ((error?: Error) => void) | undefined;
  #started = false;

  constructor(options: ClientOptions = {}) {
    super();
    this.#options = options;
  }

  /** True between 'connect' and 'disconnect'/close(). */
  get connected(): boolean {
    return this.#connected;
  }

  /** The server's address key ("host:port"), once connect() was called. */
  get server(): Address | undefined {
    return this.#server;
  }

  /** The bound local address, while open. */
  get address(): HostPort | undefined {
    return this.#driver?.localAddress;
  }

  /** The core's counters plus the driver's socket counters. */
  get stats(): EndpointStats & DriverStats {
    const driverStats = this.#driver?.stats ?? { socketErrors: 0, icmpUnreachable: 0, validationFailures: 0 };
    return { ...(this.#driver?.endpoint.stats ?? ({} as EndpointStats)), ...driverStats };
  }

  /**
   * Handshakes with the server. Resolves on 'connect'; rejects with the refusal (CONNECTION/NO_SPACE,
   * CERTIFICATE_INVALID, handshake timeout, ServerUnreachableError, AddressInUseError, …).
   */
  async connect(server: string | HostPort): Promise<void> {
    if (this.#started) throw new DriverStateError('This client has already connected once.');
    this.#started = true;
    const target = toHostPort(server);
    const ip = isIP(target.host) !== 0 ? target.host : (await lookup(target.host)).address;
    const peer = formatAddress(ip, target.port);
    const {
      certificate,
      accountId,
      username,
      validator,
      validationTimeoutMs,
      bind,
      socketBufferBytes,
      ...tuning
    } = this.#options;
    const refusal = new CertificateRefusal();
    const driver = new EndpointDriver(
      {
        role: 'client',
        certificate: certificate ?? (await generateCertificate({ accountId, username })).der,
        validator: refusal.watch(validator ?? httpCertificateValidator(defaultValidationBaseUrl(ip))),
        tuning,
        validationTimeoutMs: validationTimeoutMs ?? 10_000,
        socketBufferBytes: socketBufferBytes ?? 1 << 20,
      },
      {
        onEvent: (event) => {
          switch (event.type) {
            case 'connect':
              this.#connected = true;
              this.#settleConnect?.();
              this.emit('connect', event.peer);
              return;
            case 'data':
              this.emit('data', event.peer, event.data, event.flags);
              return;
            case 'disconnect':
              this.#lost(refusal.explain(event.reason, peer));
              return;
            case 'error':
              if (this.listenerCount('error') > 0) this.emit('error', event.error, event.peer);
              return;
            default:
              return;
          }
        },
        onSocketError: (error) => {
          if (this.listenerCount('error') > 0) this.emit('error', error, undefined);
        },
        // Port closed while connecting: fail fast instead of waiting out the handshake timeout.
        onUnreachable: () => {
          if (!this.#connected) this.#lost(new ServerUnreachableError({ server: peer }));
        },
      },
    );
    this.#throwIfClosed();
    this.#driver = driver;
    this.#server = peer;
    const local = bind === undefined ? undefined : toHostPort(bind);
    await driver.bind(local?.port ?? 0, local?.host ?? defaultBindHost(ip));
    await driver.connectSocket(peer);
    this.#throwIfClosed();
    const connected = new Promise<void>((resolve, reject) => {
      this.#settleConnect = (error) => {
        this.#settleConnect = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
    });
    driver.run((endpoint, now) => endpoint.connect(now, peer));
    return connected;
  }

  /** Sends one message to the server. Flags by name or bits; FRAG is added when needed. */
  send(data: Uint8Array, flags?: FlagInput): void {
    const driver = this.#driver;
    const server = this.#server;
    if (driver === undefined || server === undefined || !this.#connected || this.#closing !== undefined) {
      throw new DriverStateError('The client is not connected.');
    }
    const bits = parseFlags(flags);
    driver.send(server, data, bits);
  }

  /** Sends DISCONNECT/CLIENT_DISCONNECT, waits (bounded) for acks, closes the socket. Idempotent. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const driver = this.#driver;
    this.#connected = false;
    this.#closing = (async () => {
      await driver?.close();
      this.#settleConnect?.(new DriverStateError('The client was closed before the handshake completed.'));
      this.emit('close');
    })();
    return this.#closing;
  }

  /** connect() awaits certificate generation and the bind; close() may have been called meanwhile. */
  #throwIfClosed(): void {
    if (this.#closing !== undefined) {
      void this.#driver?.close();
      throw new DriverStateError('The client was closed before the handshake completed.');
    }
  }

  /** The connection is over: report it once, then release the socket. */
  #lost(reason: DisconnectReason): void {
    const wasConnected = this.#connected;
    this.#connected = false;
    if (this.#settleConnect !== undefined) this.#settleConnect(reason);
    else if (wasConnected) this.emit('disconnect', reason);
    void this.close();
  }
}

function defaultBindHost(serverIp: string): string {
  if (isIP(serverIp) === 6) return serverIp === '::1' ? '::1' : '::';
  return serverIp.startsWith('127.') ? serverIp : '0.0.0.0';
}
