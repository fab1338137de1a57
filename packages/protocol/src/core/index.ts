// Public surface of the sans-IO core: the Endpoint, its options, events, stats and typed errors.

export { Endpoint } from './endpoint.ts';
export type { Address, EndpointOptions, ResolvedEndpointOptions } from './endpoint-options.ts';
export { resolveEndpointOptions } from './endpoint-options.ts';
export {
  CoreErrors,
  EndpointStateError,
  HandshakeTimeoutError,
  HeartbeatTimeoutError,
  InternalError,
  MessageTooLargeError,
  NotConnectedError,
  PeerUnresponsiveError,
  SendQueueFullError,
} from './errors.ts';
export type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';
export { createEndpointStats } from './events.ts';
export type { PlaintextPolicy } from './plaintext-policy.ts';
export { DEFAULT_RANDOM_POOL_BYTES, pooledRandomBytes } from './random-pool.ts';
export { SourceRateLimiter } from './source-rate-limiter.ts';
