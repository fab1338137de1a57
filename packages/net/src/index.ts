// Public API of @paperclip/net.
export * from './certs/index.ts';
