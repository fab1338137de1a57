// npm prepack/postpack of every library package: the published exports drop the in-repo source condition.
// `@paperclip/source` maps imports to TypeScript sources for tests and tsx inside this repository. A published
// package keeps only `types` then `default`, so no consumer tool can pick the sources up by accident.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const SOURCE_CONDITION = '@paperclip/source';
const manifest = 'package.json';
const backup = '.package.json.before-pack';

/** The exports map without the source condition, at any depth. */
function strip(value) {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, strip(inner)]),
  );
}

const mode = process.argv[2];
if (mode === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  writeFileSync(backup, text);
  const pkg = JSON.parse(text);
  pkg.exports = strip(pkg.exports);
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(backup)) renameSync(backup, manifest);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore (run by npm prepack/postpack)');
  process.exit(2);
}
