// Public API of @paperclip/protocol: sans-IO core, v0 wire codec, error catalogue base, peer ids and hosts.
export * from './core/index.ts';
export {
  CodedError,
  type CodedErrorClass,
  type CodedErrorOptions,
  declaredCatalogues,
  declaredRow,
  declaredSentence,
  defineErrorCodes,
  defineErrors,
  type ErrorClasses,
  type ErrorCodes,
  type ErrorRow,
  type FamilyRow,
} from './errors/define-errors.ts';
export * from './peer/index.ts';
export * from './wire/codec-v0.ts';
export * from './wire/constants.ts';
export * from './wire/errors.ts';
export type * from './wire/packet.ts';
export * from './wire/pipeline.ts';
export * from './wire/reassembly.ts';
export * from './wire/seal-datagrams.ts';
export * from './wire/session-cipher.ts';
