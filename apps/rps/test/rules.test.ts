// The seed's outcome table, move parsing and move lists.
import { describe, expect, it } from 'vitest';
import { Choice, evaluateWin, Outcome, parseChoice, parseMoves } from '../src/rules.ts';

describe('evaluateWin', () => {
  it('matches the seed evaluateWin table for all nine pairs', () => {
    const { ROCK, PAPER, SCISSORS } = Choice;
    const table: [Choice, Choice, Outcome][] = [
      [ROCK, ROCK, Outcome.DRAW],
      [ROCK, PAPER, Outcome.LOSE],
      [ROCK, SCISSORS, Outcome.WIN],
      [PAPER, ROCK, Outcome.WIN],
      [PAPER, PAPER, Outcome.DRAW],
      [PAPER, SCISSORS, Outcome.LOSE],
      [SCISSORS, ROCK, Outcome.LOSE],
      [SCISSORS, PAPER, Outcome.WIN],
      [SCISSORS, SCISSORS, Outcome.DRAW],
    ];
    for (const [mine, theirs, outcome] of table) expect(evaluateWin(mine, theirs)).toBe(outcome);
  });

  it('keeps the seed wire numbers (ROCK 0, PAPER 1, SCISSORS 2; LOOSE 0, WIN 1, DRAW 2)', () => {
    expect(Choice).toEqual({ ROCK: 0, PAPER: 1, SCISSORS: 2 });
    expect(Outcome).toEqual({ LOSE: 0, WIN: 1, DRAW: 2 });
  });
});

describe('parseChoice / parseMoves', () => {
  it('reads letters, words and the seed digits in any case', () => {
    expect(['r', 'R', 'rock', ' Rock ', '0'].map(parseChoice)).toEqual([0, 0, 0, 0, 0]);
    expect(['p', 'paper', '1'].map(parseChoice)).toEqual([1, 1, 1]);
    expect(['s', 'SCISSORS', '2'].map(parseChoice)).toEqual([2, 2, 2]);
    expect(['', 'x', '3', 'rocks', 'q'].map(parseChoice)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('parses a move list and names the first bad move', () => {
    expect(parseMoves('r,p,s, rock ,2')).toEqual([0, 1, 2, 0, 2]);
    expect(() => parseMoves('r,x,s')).toThrow('"x" is not a move');
    expect(() => parseMoves('')).toThrow('is not a move');
  });
});
