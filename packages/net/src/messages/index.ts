// Browser-safe typed message layer (no Node built-ins).
export {};
