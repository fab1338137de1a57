// Public API of @paperclip/platform.
export {};
