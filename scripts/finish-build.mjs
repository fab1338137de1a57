// After `tsc -b`: makes the compiled `paperclip` bin executable (tsc keeps its shebang but not a file mode).
import { chmodSync, existsSync } from 'node:fs';

const bin = new URL('../packages/cli/dist/bin.js', import.meta.url);
if (!existsSync(bin)) {
  console.error('finish-build: packages/cli/dist/bin.js is missing; did tsc -b build packages/cli?');
  process.exit(1);
}
chmodSync(bin, 0o755);
