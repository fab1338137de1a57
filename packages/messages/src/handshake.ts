// The registry-sync exchange: HELLO → WELCOME → READY (or PING → PONG), deciding each step without doing I/O.
import type { CarrierLink } from './carriers/carrier.ts';
import type { Authenticator, AuthResult } from './connection-types.ts';
import { MESSAGE_PROTOCOL_VERSION } from './control.ts';
import { MessageError, MessageErrorCode } from './errors.ts';
import type { MessageLimits } from './limits.ts';
import { answerPingQuery, type ServerStatus } from './ping.ts';
import type { IdTable, MessageRegistry } from './registry.ts';

/** A decoded HELLO (client → server). */
export interface HelloValue {
  v: number;
  hash: string;
  token?: string;
}

/** A decoded WELCOME (server → client): the server's registry. */
export interface WelcomeValue {
  v: number;
  hash: string;
  entries: [number, string, string][];
}

/** A decoded READY (client → server). */
export interface ReadyValue {
  hash: string;
}

/** Why a handshake step ends the connection: the close code and sentence the peer will hear. */
export interface Refusal {
  ok: false;
  code: MessageErrorCode;
  message: string;
}

/** What adopting a WELCOME gives: the id table to use from now on, or a refusal. */
export type AdoptOutcome = { ok: true; table: IdTable } | Refusal;

/** What the handshake needs from the connection's options. */
export interface HandshakeOptions {
  token?: string;
  authenticate?: Authenticator;
  status?: () => ServerStatus;
}

function refuse(code: MessageErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}

function defaultStatus(): ServerStatus {
  return { name: 'Paperclip server', version: '0', players: 0, games: 0 };
}

/**
 * One side's half of the registry-sync handshake. It checks what the peer sent and builds what to
 * answer; the connection sends, closes and changes state. Its progress (`helloSeen`, `adopted`)
 * feeds the control-message rules.
 */
export class RegistryHandshake {
  readonly #registry: MessageRegistry;
  readonly #limits: MessageLimits;
  readonly #options: HandshakeOptions;
  readonly #link: CarrierLink;
  #helloSeen = false;
  #adopted = false;

  constructor(
    registry: MessageRegistry,
    limits: MessageLimits,
    options: HandshakeOptions,
    link: CarrierLink,
  ) {
    this.#registry = registry;
    this.#limits = limits;
    this.#options = options;
    this.#link = link;
  }

  /** The server has had HELLO (or PING) from this client. */
  get helloSeen(): boolean {
    return this.#helloSeen;
  }

  /** The client has adopted the server's registry from WELCOME. */
  get adopted(): boolean {
    return this.#adopted;
  }

  /** Client: the HELLO to open with (version, registry hash, token if any). */
  hello(): Record<string, unknown> {
    const hello: Record<string, unknown> = { v: MESSAGE_PROTOCOL_VERSION, hash: this.#registry.hash };
    if (this.#options.token !== undefined) hello.token = this.#options.token;
    return hello;
  }

  /** Server: records HELLO and checks its version and token length; a refusal closes the connection. */
  checkHello(hello: HelloValue): Refusal | undefined {
    this.#helloSeen = true;
    if (hello.v !== MESSAGE_PROTOCOL_VERSION) {
      return refuse(
        MessageErrorCode.PROTOCOL_VERSION,
        `The client speaks message protocol ${hello.v}; this server speaks ${MESSAGE_PROTOCOL_VERSION}.`,
      );
    }
    if (hello.token !== undefined && hello.token.length > this.#limits.maxTokenLength) {
      return refuse(
        MessageErrorCode.LIMIT_EXCEEDED,
        `The connect token is longer than ${this.#limits.maxTokenLength} characters.`,
      );
    }
    return undefined;
  }

  /** Server: the authenticator's verdict on HELLO's token (a throwing authenticator refuses). */
  authenticate(hello: HelloValue): Promise<AuthResult> {
    const authenticate = this.#options.authenticate;
    return authenticate
      ? authenticate({ token: hello.token, link: this.#link.info }).catch(() => ({ ok: false as const }))
      : Promise.resolve({ ok: true, identity: this.#link.info.carrierIdentity ?? null });
  }

  /** Server: the WELCOME that tells an accepted client our registry. */
  welcome(): WelcomeValue {
    const entries = this.#registry.entries.map(
      (entry) => [entry.id, entry.name, entry.fingerprint] as [number, string, string],
    );
    return { v: MESSAGE_PROTOCOL_VERSION, hash: this.#registry.hash, entries };
  }

  /** Server: the answer to a PING sent instead of HELLO, or undefined for a malformed query. */
  answerPing(query: Uint8Array): Uint8Array | undefined {
    return answerPingQuery(query, this.#options.status?.() ?? defaultStatus());
  }

  /**
   * Client: adopts the server's ids from WELCOME. Throws MALFORMED_FRAME when the registry repeats
   * an id or a name; refuses a different version, too many entries, or differing definitions.
   */
  adoptWelcome(welcome: WelcomeValue): AdoptOutcome {
    if (welcome.v !== MESSAGE_PROTOCOL_VERSION) {
      return refuse(
        MessageErrorCode.PROTOCOL_VERSION,
        `The server speaks message protocol ${welcome.v}; this client speaks ${MESSAGE_PROTOCOL_VERSION}.`,
      );
    }
    if (welcome.entries.length > this.#limits.maxRegistryEntries) {
      return refuse(
        MessageErrorCode.LIMIT_EXCEEDED,
        `The server's registry has more than ${this.#limits.maxRegistryEntries} entries.`,
      );
    }
    const ids = new Set(welcome.entries.map(([id]) => id));
    const names = new Set(welcome.entries.map(([, name]) => name));
    if (ids.size !== welcome.entries.length || names.size !== welcome.entries.length) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        'The server registry repeats an id or a name.',
      );
    }
    const result = this.#registry.adopt(
      welcome.entries.map(([id, name, fingerprint]) => ({ id, name, fingerprint })),
      welcome.hash,
    );
    if (!result.ok) return refuse(MessageErrorCode.REGISTRY_MISMATCH, result.message);
    this.#adopted = true;
    return result;
  }

  /** Client: the READY that confirms the adopted registry. */
  ready(): ReadyValue {
    return { hash: this.#registry.hash };
  }

  /** Server: checks READY's hash against ours; a refusal closes the connection. */
  checkReady(ready: ReadyValue): Refusal | undefined {
    if (ready.hash === this.#registry.hash) return undefined;
    return refuse(
      MessageErrorCode.REGISTRY_MISMATCH,
      'Client and server define different messages: the registry hashes differ.',
    );
  }
}
