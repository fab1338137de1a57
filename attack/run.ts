// `npm run attack`: every scenario of issue 14's findings against real servers on loopback, one after the other,
// each bounded in time; prints one table and writes bench/results/attack.json. Figures are measured, never assumed:
// a scenario whose fix has not landed shows FAIL.
//   npm run attack                 every scenario
//   npm run attack -- 1 3 flood    only findings 1 and 3 and scenarios whose name contains "flood"
import { performance } from 'node:perf_hooks';
import { scenarios } from './scenarios/index.ts';
import { closeSharedPlatform } from './support/platform.ts';
import type { Scenario } from './support/scenario.ts';
import { label, printTable, type ResultLine, writeResults } from './support/table.ts';

/** No scenario may run longer than this; the suite as a whole stays within a few minutes. */
const SCENARIO_LIMIT_MS = 120_000;

const filters = process.argv.slice(2);
const chosen = scenarios.filter(
  (scenario) =>
    filters.length === 0 ||
    filters.some((filter) => filter === String(scenario.finding) || scenario.name.includes(filter)),
);

async function runOne(scenario: Scenario): Promise<ResultLine[]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const figures = await Promise.race([
      scenario.run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`took longer than ${SCENARIO_LIMIT_MS / 1000} s`)),
          SCENARIO_LIMIT_MS,
        );
      }),
    ]);
    console.log(`${label(scenario)} — ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return figures.map((figure) => ({ finding: scenario.finding, scenario: scenario.name, ...figure }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`${label(scenario)} — error: ${message}`);
    return [
      {
        finding: scenario.finding,
        scenario: scenario.name,
        metric: 'scenario ran',
        value: Number.NaN,
        unit: '',
        threshold: 'no error',
        pass: false,
        detail: message,
      },
    ];
  } finally {
    clearTimeout(timer);
  }
}

const started = performance.now();
const lines: ResultLine[] = [];
for (const scenario of chosen) lines.push(...(await runOne(scenario)));
await closeSharedPlatform();
console.log('');
printTable(lines);
const checked = lines.filter((line) => line.threshold !== '(info)');
const passed = checked.filter((line) => line.pass).length;
console.log(
  `\n${passed} of ${checked.length} checked figures pass; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
);
console.log(`wrote ${writeResults('attack', lines)}`);
// Children are gone; sockets some scenario left half-closed must not keep the suite alive.
process.exit(0);
