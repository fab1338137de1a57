// Test runner configuration: every package keeps its tests in its own test/ folder, and tests run on the sources.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** The export condition that maps every @paperclip/* import to its TypeScript source, so tests need no build. */
const SOURCE_CONDITION = '@paperclip/source';

// Child processes the tests spawn (`node --import tsx …`) resolve workspace packages to their sources too.
process.env['NODE_OPTIONS'] = [process.env['NODE_OPTIONS'], `--conditions=${SOURCE_CONDITION}`]
  .filter(Boolean)
  .join(' ');

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests bind real loopback sockets and spawn processes; keep them bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
