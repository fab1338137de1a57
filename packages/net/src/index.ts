// Public API of @paperclip/net.
export {};
