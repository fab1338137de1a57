// The sans-IO match: rounds and scores, early choices, a player leaving, a third peer, server stop.
import { describe, expect, it } from 'vitest';
import { type MatchOutput, RpsMatch } from '../src/match.ts';
import { Choice, Outcome } from '../src/rules.ts';

const A = '127.0.0.1:1001';
const B = '127.0.0.1:1002';
const C = '127.0.0.1:1003';
const { ROCK, PAPER, SCISSORS } = Choice;

function kinds(outputs: MatchOutput[]): string[] {
  return outputs.map((output) => ('to' in output ? `${output.kind}:${output.to}` : output.kind));
}

function playing(): RpsMatch {
  const match = new RpsMatch();
  match.join(A, 1);
  match.join(B, 2);
  return match;
}

describe('RpsMatch', () => {
  it('waits for two players, then tells both the game is under way', () => {
    const match = new RpsMatch();
    expect(match.join(A, 1)).toEqual([{ kind: 'state', to: A, state: 'waiting', players: 1 }]);
    expect(match.join(B, 2)).toEqual([
      { kind: 'state', to: A, state: 'playing', players: 2 },
      { kind: 'state', to: B, state: 'playing', players: 2 },
    ]);
    expect(match.phase).toBe('playing');
  });

  it('resolves a round once both picked, with the seed reply fields and running scores', () => {
    const match = playing();
    expect(match.choose(A, PAPER)).toEqual([]);
    const outputs = match.choose(B, ROCK);
    expect(outputs).toEqual([
      {
        kind: 'round',
        to: A,
        round: 1,
        outcome: Outcome.WIN,
        choice: PAPER,
        otherChoice: ROCK,
        score: { score: 1, accountId: '1' },
        otherScore: { score: 0, accountId: '2' },
      },
      {
        kind: 'round',
        to: B,
        round: 1,
        outcome: Outcome.LOSE,
        choice: ROCK,
        otherChoice: PAPER,
        score: { score: 0, accountId: '2' },
        otherScore: { score: 1, accountId: '1' },
      },
    ]);
  });

  it('plays five rounds to known scores (a draw scores nothing)', () => {
    const match = playing();
    const a = [ROCK, PAPER, SCISSORS, ROCK, PAPER];
    const b = [SCISSORS, PAPER, ROCK, PAPER, ROCK];
    const outcomes: number[] = [];
    for (let i = 0; i < 5; i++) {
      match.choose(A, a[i]);
      const round = match.choose(B, b[i]).find((o) => o.kind === 'round' && o.to === A);
      if (round?.kind === 'round') outcomes.push(round.outcome);
    }
    expect(outcomes).toEqual([Outcome.WIN, Outcome.DRAW, Outcome.LOSE, Outcome.LOSE, Outcome.WIN]);
    expect(match.rounds).toBe(5);
    const over = match.leave(B);
    expect(over).toContainEqual({
      kind: 'final-scores',
      scores: [
        { accountId: 1, score: 2 },
        { accountId: 2, score: 2 },
      ],
    });
  });

  it('counts a choice made while waiting once the opponent arrives; a later pick replaces an earlier one', () => {
    const match = new RpsMatch();
    match.join(A, 1);
    match.choose(A, ROCK);
    match.choose(A, SCISSORS);
    expect(kinds(match.join(B, 2))).toEqual([`state:${A}`, `state:${B}`]);
    const round = match.choose(B, PAPER).find((o) => o.kind === 'round' && o.to === A);
    expect(round).toMatchObject({ choice: SCISSORS, outcome: Outcome.WIN });
  });

  it('ignores invalid choices and unknown peers', () => {
    const match = playing();
    expect(match.choose(A, 3)).toEqual([]);
    expect(match.choose(A, '0')).toEqual([]);
    expect(match.choose(C, ROCK)).toEqual([]);
    match.choose(A, ROCK);
    expect(match.choose(B, -1)).toEqual([]);
  });

  it('ends the game when a player leaves: game-over to the other, scores stored once, the other disconnected', () => {
    const match = playing();
    match.choose(A, ROCK);
    match.choose(B, SCISSORS);
    const outputs = match.leave(A);
    expect(outputs).toEqual([
      {
        kind: 'game-over',
        to: B,
        reason: 'opponent-left',
        rounds: 1,
        score: { score: 0, accountId: '2' },
        otherScore: { score: 1, accountId: '1' },
      },
      {
        kind: 'final-scores',
        scores: [
          { accountId: 1, score: 1 },
          { accountId: 2, score: 0 },
        ],
      },
      { kind: 'disconnect', to: B },
    ]);
    expect(match.phase).toBe('over');
    expect(match.choose(B, ROCK)).toEqual([]);
    expect(match.leave(B)).toEqual([]);
    expect(match.phase).toBe('waiting');
    expect(match.rounds).toBe(0);
  });

  it('sends a third peer away, and one arriving after the game ended', () => {
    const match = playing();
    expect(match.join(C, 3)).toEqual([{ kind: 'disconnect', to: C }]);
    match.leave(A);
    expect(match.join(C, 3)).toEqual([{ kind: 'disconnect', to: C }]);
  });

  it('a player leaving before the game starts stores nothing', () => {
    const match = new RpsMatch();
    match.join(A, 1);
    expect(match.leave(A)).toEqual([]);
    expect(match.phase).toBe('waiting');
  });

  it('skips storing scores for players without an account', () => {
    const match = new RpsMatch();
    match.join(A, null);
    match.join(B, 7);
    expect(match.leave(A)).toContainEqual({ kind: 'final-scores', scores: [{ accountId: 7, score: 0 }] });
    const anonymous = new RpsMatch();
    anonymous.join(A, null);
    anonymous.join(B, null);
    expect(kinds(anonymous.leave(A))).toEqual([`game-over:${B}`, `disconnect:${B}`]);
  });

  it('stop() ends a game under way for both players and stores scores', () => {
    const match = playing();
    expect(kinds(match.stop())).toEqual([
      `game-over:${A}`,
      `game-over:${B}`,
      'final-scores',
      `disconnect:${A}`,
      `disconnect:${B}`,
    ]);
    expect(new RpsMatch().stop()).toEqual([]);
  });
});
