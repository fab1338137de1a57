// Public API of @paperclip/protocol.
// --- v0 wire codec (owned by the codec engineer) ---

// --- sans-IO core (owned by the core engineer) ---
export * from './core/index.ts';
export * from './wire/codec-v0.ts';
export * from './wire/constants.ts';
export * from './wire/errors.ts';
export type * from './wire/packet.ts';
export * from './wire/pipeline.ts';
export * from './wire/reassembly.ts';
