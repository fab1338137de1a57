// Regenerates docs/PROTOCOL.md §11 from the codec: `npx tsx packages/protocol/bench/write-protocol-vectors.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTestVectors, VECTORS_BEGIN, VECTORS_END } from '../test/wire/support/doc-vectors.ts';
import { repoRoot } from '../test/wire/support/seed-oracles.ts';

const file = join(repoRoot, 'docs', 'PROTOCOL.md');
const text = readFileSync(file, 'utf8');
const begin = text.indexOf(VECTORS_BEGIN);
const end = text.indexOf(VECTORS_END);
if (begin < 0 || end < begin) throw new Error(`${file} lacks the test-vector markers`);
const updated = `${text.slice(0, begin + VECTORS_BEGIN.length)}\n\n${renderTestVectors()}\n${text.slice(end)}`;
writeFileSync(file, updated);
console.log(`wrote the test vectors into ${file}`);
