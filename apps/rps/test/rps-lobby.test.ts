// RPS over real loopback HTTP + UDP: matchmaking, rounds with known outcomes, scores, quitting, a full lobby.

import type { PlatformSession } from '@paperclip/platform/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinRpsLobby } from '../src/client/join-lobby.ts';
import type { RpsPlayer } from '../src/client/rps-player.ts';
import { Choice, Outcome, RPS_GAME } from '../src/rules.ts';
import { startTestPlatform, type TestPlatform } from '../src/testing.ts';

const { ROCK, PAPER, SCISSORS } = Choice;

describe('RPS lobby over HTTP + UDP', () => {
  let test: TestPlatform;
  const players: RpsPlayer[] = [];
  beforeAll(async () => {
    test = await startTestPlatform();
  });
  afterAll(async () => {
    await Promise.all(players.map((player) => player.leave().catch(() => undefined)));
    await test.close();
  });

  async function matchmakeAndJoin(session: PlatformSession): Promise<{ player: RpsPlayer; lobbyId: number }> {
    const lobby = await session.matchmake(RPS_GAME.id);
    const player = await joinRpsLobby(session, lobby);
    players.push(player);
    return { player, lobbyId: lobby.lobbyId };
  }

  it('lists RPS as game 1', async () => {
    const session = await test.account('lister');
    expect(await session.games()).toContainEqual({ id: 1, name: 'RPS' });
  });

  it('two players matchmake into one lobby, play 5 rounds with known outcomes, and their scores are stored', async () => {
    const mario = await test.account('mario');
    const peach = await test.account('peach');
    const a = await matchmakeAndJoin(mario);
    expect(await a.player.next()).toEqual({ type: 'state', state: 'waiting', players: 1 });
    const b = await matchmakeAndJoin(peach);
    expect(b.lobbyId).toBe(a.lobbyId);
    expect(await a.player.waitFor('state')).toEqual({ type: 'state', state: 'playing', players: 2 });

    const movesA = [ROCK, PAPER, SCISSORS, ROCK, PAPER];
    const movesB = [SCISSORS, PAPER, ROCK, PAPER, ROCK];
    const expected = [Outcome.WIN, Outcome.DRAW, Outcome.LOSE, Outcome.LOSE, Outcome.WIN];
    const scores: [number, number][] = [];
    for (let round = 0; round < 5; round++) {
      a.player.choose(movesA[round]!);
      b.player.choose(movesB[round]!);
      const resultA = await a.player.waitFor('round');
      const resultB = await b.player.waitFor('round');
      expect(resultA).toMatchObject({
        round: round + 1,
        outcome: expected[round],
        choice: movesA[round],
        otherChoice: movesB[round],
      });
      expect(resultB).toMatchObject({ round: round + 1, choice: movesB[round], otherChoice: movesA[round] });
      expect(resultB.score).toBe(resultA.otherScore);
      scores.push([resultA.score, resultA.otherScore]);
    }
    expect(scores).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 2],
    ]);

    await a.player.leave();
    const over = await b.player.waitFor('game-over');
    expect(over).toEqual({ type: 'game-over', reason: 'opponent-left', rounds: 5, score: 2, otherScore: 2 });
    expect(await b.player.next()).toMatchObject({ type: 'closed', message: 'The game is over.' });

    // The server stores final scores before it announces the game over, so they are visible now.
    const stored = await mario.scores(RPS_GAME.id);
    expect(
      stored
        .map(({ username, score }) => ({ username, score }))
        .sort((x, y) => x.username.localeCompare(y.username)),
    ).toEqual([
      { username: 'mario', score: 2 },
      { username: 'peach', score: 2 },
    ]);
  });

  it('a player quitting mid-game ends it for the other with "opponent left" and the final score', async () => {
    const luigi = await test.account('luigi');
    const daisy = await test.account('daisy');
    const a = await matchmakeAndJoin(luigi);
    const b = await matchmakeAndJoin(daisy);
    expect(b.lobbyId).toBe(a.lobbyId);
    for (const [mine, theirs] of [
      [PAPER, ROCK],
      [SCISSORS, PAPER],
    ] as const) {
      a.player.choose(mine);
      b.player.choose(theirs);
      await a.player.waitFor('round');
      await b.player.waitFor('round');
    }
    // Daisy picks for round 3, then Luigi quits before picking.
    b.player.choose(ROCK);
    await a.player.leave();
    expect(await b.player.waitFor('game-over')).toEqual({
      type: 'game-over',
      reason: 'opponent-left',
      rounds: 2,
      score: 0,
      otherScore: 2,
    });
    expect((await b.player.next()).type).toBe('closed');
    const mine = (await daisy.scores(RPS_GAME.id)).filter((row) => ['luigi', 'daisy'].includes(row.username));
    expect(mine.map(({ username, score }) => `${username}:${score}`).sort()).toEqual(['daisy:0', 'luigi:2']);
  });

  it('a third player joining a full lobby hears "lobby full"; the two players are undisturbed', async () => {
    const one = await test.account('one');
    const two = await test.account('two');
    const three = await test.account('three');
    const lobby = await one.createLobby(RPS_GAME.id);
    const a = await joinRpsLobby(one, lobby);
    const b = await joinRpsLobby(two, await two.lobby(lobby.lobbyId));
    players.push(a, b);
    await b.waitFor('state');
    const refused = joinRpsLobby(three, await three.lobby(lobby.lobbyId));
    await expect(refused).rejects.toMatchObject({
      name: 'RpsJoinError',
      code: 'PC_RPS_LOBBY_FULL',
      message: 'The lobby is full: it already has two players.',
    });
    a.choose(ROCK);
    b.choose(ROCK);
    expect(await a.waitFor('round')).toMatchObject({ outcome: Outcome.DRAW, score: 0, otherScore: 0 });
  });
});
