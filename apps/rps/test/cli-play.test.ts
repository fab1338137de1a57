// `paperclip play rps` as child processes against an in-process platform: matchmaking, 5 rounds, quitting, full lobby, errors.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, spawnCli } from '../../../packages/cli/test/support/cli-process.ts';
import { joinRpsLobby } from '../src/client/join-lobby.ts';
import type { RpsPlayer } from '../src/client/rps-player.ts';
import { RPS_GAME } from '../src/rules.ts';
import { jsonLines, type PlayPlatform, startPlayPlatform } from './support/play-platform.ts';

const PASSWORD = 'correct horse battery';

// Every test runs CLI processes that each load the platform and the plugin from source (tsx): on a busy machine
// that alone takes several seconds per process, so the bound is wider than the suite's 30 s.
describe('paperclip play rps', { timeout: 120_000 }, () => {
  let test: PlayPlatform;
  beforeAll(async () => {
    test = await startPlayPlatform();
  });
  afterEach(() => killAll());
  afterAll(() => test.close());

  const play = (user: string, moves: string, extra: string[] = []) =>
    spawnCli([
      'play',
      'rps',
      '--user',
      user,
      '--password',
      PASSWORD,
      '--register',
      '--moves',
      moves,
      '--json',
      '--server',
      test.url,
      ...extra,
    ]);

  it('two scripted players matchmake into one lobby and play 5 rounds with known outcomes; scores are stored', async () => {
    const mario = play('mario', 'r,p,s,r,p', ['--matchmake']);
    const joined = await mario.line(/"event":"joined"/);
    const peach = play('peach', 's,p,r,p,r', ['--matchmake']);
    expect(await mario.exited).toBe(0);
    expect(await peach.exited).toBe(0);
    const lobbyId = JSON.parse(joined.input!).lobbyId;
    const a = jsonLines(mario.stdout());
    const b = jsonLines(peach.stdout());
    expect(b.find((line) => line.event === 'joined')?.lobbyId).toBe(lobbyId);
    const roundsA = a.filter((line) => line.event === 'round');
    expect(
      roundsA.map((r) => `${r.choice}-${r.otherChoice}:${r.outcome} ${r.score}:${r.otherScore}`),
    ).toEqual([
      'rock-scissors:win 1:0',
      'paper-paper:draw 1:0',
      'scissors-rock:lose 1:1',
      'rock-paper:lose 1:2',
      'paper-rock:win 2:2',
    ]);
    expect(b.filter((line) => line.event === 'round').map((r) => r.outcome)).toEqual([
      'lose',
      'draw',
      'win',
      'win',
      'lose',
    ]);
    expect(a.at(-1)).toEqual({ event: 'finished', rounds: 5, score: 2, otherScore: 2 });
    expect(b.at(-1)).toEqual({ event: 'finished', rounds: 5, score: 2, otherScore: 2 });
    // Each process exits after its game ended; the server stores scores before it announces the end.
    const viewer = await test.client.login('mario', PASSWORD);
    const rows = (await viewer.scores(RPS_GAME.id)).filter((row) =>
      ['mario', 'peach'].includes(row.username),
    );
    expect(rows.map((row) => `${row.username}:${row.score}`).sort()).toEqual(['mario:2', 'peach:2']);
  });

  it('a player quitting mid-game ends it for the other, who exits 0 with "opponent left" and the final score', async () => {
    const luigi = play('luigi', 'r,p', ['--matchmake']);
    await luigi.line(/"event":"joined"/);
    const daisy = play('daisy', 's,s,s,s,s', ['--matchmake']);
    expect(await luigi.exited).toBe(0);
    expect(await daisy.exited).toBe(0);
    expect(jsonLines(luigi.stdout()).at(-1)).toEqual({
      event: 'finished',
      rounds: 2,
      score: 1,
      otherScore: 1,
    });
    expect(jsonLines(daisy.stdout()).at(-1)).toEqual({
      event: 'game-over',
      reason: 'opponent-left',
      rounds: 2,
      score: 1,
      otherScore: 1,
    });
  });

  it('two more players trying to join a full lobby each hear "lobby full" (exit 1, no stack trace)', async () => {
    const one = await test.account('one', PASSWORD);
    const two = await test.account('two', PASSWORD);
    const lobby = await one.createLobby(RPS_GAME.id);
    const players: RpsPlayer[] = [await joinRpsLobby(one, lobby), await joinRpsLobby(two, lobby)];
    try {
      const third = play('three', 'r', ['--lobby', String(lobby.lobbyId)]);
      const fourth = play('four', 'r', ['--lobby', String(lobby.lobbyId)]);
      expect(await third.exited).toBe(1);
      expect(await fourth.exited).toBe(1);
      for (const refused of [third, fourth]) {
        expect(refused.stderr()).toBe('paperclip: The lobby is full: it already has two players.\n');
      }
    } finally {
      await Promise.all(players.map((player) => player.leave()));
    }
  });

  // Five CLI processes in turn, each loading the platform and the plugin: a generous bound on a busy machine.
  it('says "wrong password", "account locked", "unreachable" and "no such lobby" in one sentence', {
    timeout: 120_000,
  }, async () => {
    await test.account('wario', PASSWORD);
    const wrong = spawnCli([
      'play',
      'rps',
      '-u',
      'wario',
      '-p',
      'not the password',
      '-m',
      'r',
      '--server',
      test.url,
    ]);
    expect(await wrong.exited).toBe(1);
    expect(wrong.stderr()).toMatch(/^paperclip: Wrong username or password\.[^\n]*\n$/);
    await test.account('waluigi', PASSWORD);
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(test.client.login('waluigi', 'wrong')).rejects.toHaveProperty(
        'name',
        'PlatformRequestError',
      );
    }
    const locked = spawnCli([
      'play',
      'rps',
      '-u',
      'waluigi',
      '-p',
      PASSWORD,
      '-m',
      'r',
      '--server',
      test.url,
    ]);
    expect(await locked.exited).toBe(1);
    expect(locked.stderr()).toMatch(
      /^paperclip: This account is locked for \d+ more seconds? after 3 failed logins in a row\.\n$/,
    );
    const nowhere = spawnCli([
      'play',
      'rps',
      '-u',
      'x',
      '-p',
      'y',
      '-m',
      'r',
      '--server',
      'http://127.0.0.1:9',
    ]);
    expect(await nowhere.exited).toBe(1);
    expect(nowhere.stderr()).toMatch(
      /^paperclip: The Paperclip server at http:\/\/127\.0\.0\.1:9 is unreachable/,
    );
    const missing = spawnCli([
      'play',
      'rps',
      '-u',
      'wario',
      '-p',
      PASSWORD,
      '-m',
      'r',
      '--lobby',
      '999',
      '--server',
      test.url,
    ]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toBe('paperclip: No such lobby.\n');
    const badMove = spawnCli([
      'play',
      'rps',
      '-u',
      'wario',
      '-p',
      PASSWORD,
      '-m',
      'r,x',
      '--server',
      test.url,
    ]);
    expect(await badMove.exited).not.toBe(0);
    expect(badMove.stderr()).toContain('"x" is not a move');
  });
});
