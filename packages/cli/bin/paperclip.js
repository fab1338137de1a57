#!/usr/bin/env node
// The `paperclip` launcher. It is committed (dist/ is not) so that `npm ci` in a fresh clone links
// node_modules/.bin/paperclip: npm links bins before `prepare` builds dist/, and skips a bin whose file is missing.
try {
  await import('../dist/bin.js');
} catch (error) {
  // Only the launcher's own import is explained; any other failure belongs to the command and is rethrown.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin.js')) throw error;
  console.error(
    'paperclip: the command is not built yet; run `npm run build` in the repository (npm ci does it).',
  );
  process.exit(1);
}
