// docs/PROTOCOL.md stays in step with the code: its test vectors are what our codec produces today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeMarkdown } from '../../../../test/support/markdown-tables.ts';
import { renderTestVectors, VECTORS_BEGIN, VECTORS_END } from './support/doc-vectors.ts';
import { repoRoot } from './support/seed-oracles.ts';

const doc = readFileSync(join(repoRoot, 'docs', 'PROTOCOL.md'), 'utf8');

describe('docs/PROTOCOL.md', () => {
  it('§11 test vectors equal what the codec generates (regenerate: bench/write-protocol-vectors.ts)', () => {
    const begin = doc.indexOf(VECTORS_BEGIN);
    const end = doc.indexOf(VECTORS_END);
    expect(begin).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(begin);
    expect(normalizeMarkdown(doc.slice(begin + VECTORS_BEGIN.length, end))).toEqual(
      normalizeMarkdown(renderTestVectors()),
    );
  });

  it('has the STANDARD.md-shaped sections, including the core engineer’s §7', () => {
    const headings = doc.split('\n').filter((line) => /^## \d+\. /.test(line));
    expect(headings).toEqual([
      '## 1. Overview',
      '## 2. Conventions',
      '## 3. The common header',
      '## 4. Packet types',
      '## 5. The flag pipeline',
      '## 6. Receiver obligations',
      '## 7. State machines (v0)',
      '## 8. Error codes',
      '## 9. Quirks of the seed',
      '## 10. What this format does not do',
      '## 11. Test vectors',
    ]);
  });
});
