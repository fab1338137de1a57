// docs/RPS.md §5.2 lists every JSON event of `play --json` with its fields: checked against the builders that
// print them (play-json.ts), and no other module writes an event of its own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finishedJson, gameOverJson, joinedJson, roundJson, stateJson } from '../src/cli/play-json.ts';
import { Choice, Outcome } from '../src/rules.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The rows of the `play --json` events table: event name → field names, in the doc's order. */
function documentedEvents(): Map<string, string[]> {
  const doc = read('../../../docs/RPS.md');
  const section = doc.slice(doc.indexOf('### 5.2 `play --json` events'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| event |')));
  const rows = new Map<string, string[]>();
  for (const line of table.split('\n').filter((row) => /^\| `/.test(row))) {
    const [, event, fields] = line.split('|').map((cell) => cell.trim());
    // Field names are the back-quoted words not inside parentheses (those are example values).
    const names = (fields ?? '').replace(/\([^)]*\)/g, '').match(/`[^`]+`/g) ?? [];
    rows.set(
      (event ?? '').replace(/`/g, ''),
      names.map((name) => name.replace(/`/g, '')),
    );
  }
  return rows;
}

/** One sample of every event the CLI prints. */
const SAMPLES = [
  joinedJson(3, '127.0.0.1:40000', 'mario'),
  stateJson({ type: 'state', state: 'waiting', players: 1 }),
  roundJson({
    type: 'round',
    round: 1,
    outcome: Outcome.WIN,
    choice: Choice.ROCK,
    otherChoice: Choice.SCISSORS,
    score: 1,
    otherScore: 0,
  }),
  gameOverJson({ type: 'game-over', reason: 'opponent-left', rounds: 1, score: 1, otherScore: 0 }),
  finishedJson({ rounds: 1, score: 1, otherScore: 0 }),
];

describe('play --json events in docs/RPS.md', () => {
  it('lists every event the CLI prints, with exactly its fields', () => {
    const documented = documentedEvents();
    expect([...documented.keys()]).toEqual(SAMPLES.map((sample) => sample.event));
    for (const sample of SAMPLES) {
      const fields = Object.keys(sample).filter((key) => key !== 'event');
      expect(documented.get(sample.event), sample.event).toEqual(fields);
    }
  });

  it('has every event printed through play-json.ts (no event literal elsewhere in the CLI side)', () => {
    for (const file of ['scripted-game.ts', 'rps-cli-game.ts', 'game-screen.ts', 'rps-screen.ts']) {
      expect(read(`../src/cli/${file}`), file).not.toMatch(/event:\s*'/);
    }
  });
});
