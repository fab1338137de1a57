// The attack suite's one table (finding, scenario, figure, threshold, pass) and bench/results/attack.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from '../../bench/report.ts';
import type { Figure, Scenario } from './scenario.ts';

/** One printed line: a scenario's figure. */
export interface ResultLine extends Figure {
  finding: number;
  scenario: string;
}

/** Formats a figure's value: NaN as "n/a", large numbers whole, small ones to 3 significant digits. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** Prints the lines as a fixed-width table. */
export function printTable(lines: readonly ResultLine[]): void {
  const rows = lines.map((line) => [
    String(line.finding),
    line.scenario,
    line.metric,
    `${formatValue(line.value)} ${line.unit}`,
    line.threshold,
    line.threshold === '(info)' ? '' : line.pass ? 'pass' : 'FAIL',
    line.detail ?? '',
  ]);
  const header = ['#', 'scenario', 'figure', 'measured', 'threshold', 'result', 'detail'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => Math.min(row[i]!.length, 60))),
  );
  const format = (row: string[]) =>
    row
      .map((cell, i) => (cell.length > 60 ? `${cell.slice(0, 59)}…` : cell).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
}

/** Writes bench/results/<name>.json: each figure, and a pass row (1/0) per checked figure. */
export function writeResults(name: string, lines: readonly ResultLine[]): string {
  const rows: BenchRow[] = [];
  for (const line of lines) {
    const rowName = `finding ${line.finding}: ${line.scenario}`;
    rows.push({ name: rowName, metric: line.metric, value: line.value, unit: line.unit });
    if (line.threshold !== '(info)') {
      rows.push({
        name: rowName,
        metric: `${line.metric} ${line.threshold} passes`,
        value: line.pass ? 1 : 0,
        unit: 'bool',
      });
    }
  }
  const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/results'), `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
  return file;
}

/** The label of a scenario in messages. */
export function label(scenario: Scenario): string {
  return `finding ${scenario.finding}: ${scenario.name}`;
}
