// Public API of @paperclip/protocol.
export {};
