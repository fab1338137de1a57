// Writes docs/ERRORS.md from the error catalogues (npm run docs:errors); test/errors-doc.test.ts checks it.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorsDoc } from './errors-doc.ts';

const target = fileURLToPath(new URL('../docs/ERRORS.md', import.meta.url));
writeFileSync(target, renderErrorsDoc());
console.log(`Wrote ${target}.`);
