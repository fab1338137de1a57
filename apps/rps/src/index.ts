// Public API of @paperclip/rps.
export {};
