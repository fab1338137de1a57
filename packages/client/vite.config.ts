// Vite library build of the browser bundle: `npm run build:client` writes packages/client/dist/bundle/paperclip-client.js.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Bundle the workspace packages from their sources, so the bundle does not depend on an earlier tsc build.
  resolve: { conditions: ['@paperclip/source', ...defaultClientConditions] },
  logLevel: 'warn',
  build: {
    lib: {
      entry: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'paperclip-client.js',
    },
    outDir: fileURLToPath(new URL('dist/bundle', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
  },
});
