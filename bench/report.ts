// Shared benchmark reporting: medians over runs, a printed table, and bench/results/<name>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured figure, as written to bench/results/<name>.json. */
export interface BenchRow {
  name: string;
  metric: string;
  value: number;
  unit: string;
}

/** Median of a non-empty list of samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Ratio row: how many times `ours` is of `baseline` (e.g. 2.1 = 2.1× the baseline's value). */
export function ratioRow(name: string, ours: number, baseline: number, against: string): BenchRow {
  return { name, metric: `ratio vs ${against}`, value: baseline === 0 ? 0 : ours / baseline, unit: '×' };
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Prints rows as a table and writes them to bench/results/<benchName>.json. */
export function reportBench(benchName: string, rows: readonly BenchRow[]): string {
  const table = rows.map((row) => ({
    name: row.name,
    metric: row.metric,
    value: Number.isInteger(row.value) ? row.value : Number(row.value.toPrecision(4)),
    unit: row.unit,
  }));
  console.table(table);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${benchName}.json`);
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`wrote ${file}`);
  return file;
}
