// The version `paperclip --version` prints: read from @paperclip/cli's own package.json at run time.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The cli package's version. Walks up from this module to the first package.json named @paperclip/cli, so it
 * works from src/ and from a compiled dist/ alike.
 */
export function readCliVersion(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let directory = from; ; directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === '@paperclip/cli' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not readable): keep walking up.
    }
    if (dirname(directory) === directory) return 'unknown';
  }
}
