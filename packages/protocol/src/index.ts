// Public API of @paperclip/protocol: the sans-IO core (core/), the v0 wire codec (wire/) and the error catalogue base.
export * from './core/index.ts';
export {
  CodedError,
  type CodedErrorClass,
  type CodedErrorOptions,
  declaredCatalogues,
  defineErrors,
  type ErrorRow,
} from './errors/define-errors.ts';
export * from './wire/codec-v0.ts';
export * from './wire/constants.ts';
export * from './wire/errors.ts';
export type * from './wire/packet.ts';
export * from './wire/pipeline.ts';
export * from './wire/reassembly.ts';
export * from './wire/seal-datagrams.ts';
export * from './wire/session-cipher.ts';
