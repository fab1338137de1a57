// docs/ERRORS.md stays in step with the error catalogues, and the catalogues keep their promises.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentedCatalogues, renderErrorsDoc } from '../scripts/errors-doc.ts';
import { normalizeMarkdown } from './support/markdown-tables.ts';

const doc = readFileSync(fileURLToPath(new URL('../docs/ERRORS.md', import.meta.url)), 'utf8');

describe('docs/ERRORS.md', () => {
  it('equals what the catalogues render (regenerate: npm run docs:errors)', () => {
    expect(normalizeMarkdown(doc)).toEqual(normalizeMarkdown(renderErrorsDoc()));
  });

  it('documents one catalogue per layer', () => {
    const prefixes = documentedCatalogues().map((catalogue) => catalogue.prefix);
    for (const prefix of [
      'PC_WIRE',
      'PC_CORE',
      'PC_UDP',
      'PC_HTTP',
      'PC_CONFIG',
      'PC_KEY',
      'PC_RPS',
      'PC_MSG',
      'PC_CLI',
    ]) {
      expect(prefixes).toContain(prefix);
    }
  });

  it('gives every error a unique PC_<LAYER>_<NAME> code and a sentence', () => {
    const rows = documentedCatalogues().flatMap((catalogue) =>
      catalogue.rows.map((row) => ({ prefix: catalogue.prefix, ...row })),
    );
    expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length);
    for (const { prefix, code, row } of rows) {
      expect(code).toMatch(new RegExp(`^${prefix}_[A-Z0-9]+(_[A-Z0-9]+)*$`));
      if (typeof row.message === 'string') expect(row.message, code).toMatch(/^[A-Z"`].*[.!?]$/);
    }
  });

  it('never reuses a wire pair, a message-layer frame number or a WebSocket close status', () => {
    const rows = documentedCatalogues().flatMap((catalogue) => catalogue.rows);
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(rows.filter(({ row }) => row.wire !== undefined).map(({ row }) => String(row.wire)));
    unique(rows.filter(({ row }) => row.wsStatus !== undefined).map(({ row }) => String(row.wsStatus)));
    const wirePairs = documentedCatalogues()
      .filter((catalogue) => catalogue.prefix === 'PC_WIRE')
      .flatMap((catalogue) => catalogue.rows)
      .filter(({ row }) => row.major !== undefined)
      .map(({ row }) => `${row.major}/${row.minor}`);
    unique(wirePairs);
  });
});
