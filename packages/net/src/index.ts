// Public API of @paperclip/net.

export * from './carriers/index.ts';
export * from './certs/index.ts';
export * from './udp/index.ts';
export * from './ws/index.ts';
