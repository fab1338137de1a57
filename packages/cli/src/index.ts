// Public API of @paperclip/cli.
export {};
