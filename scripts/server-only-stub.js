// vitest runs server/ modules outside Next; the real 'server-only' throws outside a React server build.
export {};
