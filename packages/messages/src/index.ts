// Public API of @paperclip/messages: the browser-safe typed message layer and the carrier contract (no Node built-ins).
export { type Static, type TSchema, Type } from '@sinclair/typebox';
export type {
  AcceptorHooks,
  CarrierAcceptor,
  CarrierLink,
  LinkHandlers,
  LinkInfo,
} from './carriers/carrier.ts';
export { type MemoryLinkConditions, MemoryNetwork } from './carriers/memory-carrier.ts';
export { SendBudget, type SendBudgetHolder } from './carriers/send-budget.ts';
export {
  DEFAULT_MAX_BUFFERED_BYTES,
  type WebSocketLike,
  WebSocketLink,
  type WebSocketLinkOptions,
} from './carriers/websocket-link.ts';
export {
  type Authenticator,
  type AuthRequest,
  type AuthResult,
  type ClientConnectionOptions,
  type ConnectionEvents,
  type ConnectionOptions,
  createClientConnection,
  MessageConnection,
  type ReceivedMessage,
} from './connection.ts';
export { ControlId, MESSAGE_PROTOCOL_VERSION } from './control.ts';
export {
  ConnectionState,
  DELIVERY_WIRE,
  Delivery,
  defineMessage,
  type MessageRules,
  type MessageType,
  type PayloadOf,
  type SenderSide,
  type ViolationAction,
} from './define-message.ts';
export {
  type CloseReason,
  closeReason,
  MessageError,
  MessageErrorCode,
  type MessageErrorOptions,
} from './errors.ts';
export { decodeFrames, encodeFrame, type Frame } from './frame-codec.ts';
export { DEFAULT_MESSAGE_LIMITS, type MessageLimitOptions, type MessageLimits } from './limits.ts';
export { DEFAULT_PAYLOAD_LIMITS, PayloadCodec, type PayloadLimits } from './payload-codec.ts';
export {
  answerPingQuery,
  DEFAULT_PING_QUERY_BYTES,
  decodePingAnswer,
  encodePingQuery,
  isPingQuery,
  MAX_PING_QUERY_BYTES,
  MIN_PING_QUERY_BYTES,
  type PingResult,
  type ServerStatus,
} from './ping.ts';
export {
  type PingTarget,
  pingFailed,
  pingHostUnknown,
  pingHungUp,
  pingNotPaperclip,
  pingRefused,
  pingTimedOut,
} from './ping-failures.ts';
export { type PingOptions, pingNonce, pingOverLink } from './ping-link.ts';
export { FIRST_USER_MESSAGE_ID, MessageRegistry, type RegistryEntry } from './registry.ts';
export {
  type DeadlineScheduler,
  MessageServer,
  type MessageServerEvents,
  type MessageServerOptions,
} from './server.ts';
export { sourceKey } from './source-address.ts';
