// Public API of @paperclip/protocol.
// --- sans-IO core (owned by the core engineer) ---
export * from './core/index.ts';
