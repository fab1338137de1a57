// Public types of a message connection: authentication, events and options.
import type { LinkInfo } from './carriers/carrier.ts';
import type { MessageType } from './define-message.ts';
import type { CloseReason, MessageError } from './errors.ts';
import type { MessageLimitOptions } from './limits.ts';
import type { ServerStatus } from './ping.ts';
import type { MessageRegistry } from './registry.ts';

/** What a server's authenticator is given: the token from HELLO and what the carrier knows. */
export interface AuthRequest {
  token: string | undefined;
  link: LinkInfo;
}

/** An authenticator's verdict. `identity` becomes `connection.identity`. */
export type AuthResult = { ok: true; identity: unknown } | { ok: false; message?: string };

/** Pluggable async token check (e.g. the platform's JWT verification). */
export type Authenticator = (request: AuthRequest) => Promise<AuthResult>;

/** A message as delivered to `message` listeners. */
export interface ReceivedMessage {
  type: MessageType;
  payload: unknown;
}

/** Events of a connection (peng3dnet: connect, handshakecomplete, recv, close). */
export type ConnectionEvents = {
  /** The carrier link is up; the handshake starts. */
  connect: undefined;
  /** The handshake finished: the connection is active and messages flow. */
  ready: undefined;
  /** A valid message arrived (typed handlers from `onMessage` run too). */
  message: ReceivedMessage;
  /** The connection closed, with the reason either side gave. Fires exactly once. */
  close: CloseReason;
  /** Something went wrong that did not close the connection (the peer rejected our payload, we ignored one of its messages…). */
  error: MessageError;
};

/** Options shared by both sides. */
export interface ConnectionOptions {
  registry: MessageRegistry;
  limits?: MessageLimitOptions;
  /** Check outgoing payloads against their schema before sending. Default true. */
  validateOutgoing?: boolean;
  /** How batched frames are deferred to the end of the turn. Default queueMicrotask. */
  schedule?: (flush: () => void) => void;
}

/** Client-side options. */
export interface ClientConnectionOptions extends ConnectionOptions {
  /** Platform token sent in HELLO, checked by the server's authenticator. */
  token?: string;
}

/** Server-side options (given by the server object). */
export interface ServerConnectionOptions extends ConnectionOptions {
  id: number;
  authenticate?: Authenticator;
  status?: () => ServerStatus;
}
