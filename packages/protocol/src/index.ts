// Public API of @paperclip/protocol.
// core/ = the sans-IO core (core engineer); wire/ = the v0 wire codec (codec engineer). Biome keeps the list sorted.
export * from './core/index.ts';
export * from './wire/codec-v0.ts';
export * from './wire/constants.ts';
export * from './wire/errors.ts';
export type * from './wire/packet.ts';
export * from './wire/pipeline.ts';
export * from './wire/reassembly.ts';
export * from './wire/seal-datagrams.ts';
export * from './wire/session-cipher.ts';
