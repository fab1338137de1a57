// Public API of @paperclip/client.
export {};
