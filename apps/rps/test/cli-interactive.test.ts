// The interactive client's RPS screen in a real pseudo-terminal (tmux): login → matchmaking → waiting, re-prompts,
// the opponent-joined notice, a burst of keys right after a re-prompt (none echoed raw, each one a pick), the
// final score for the player who leaves, back to the menus and Quit. Account and menu screens: packages/cli/test.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PAPERCLIP_SHELL_COMMAND } from '../../../packages/cli/test/support/cli-process.ts';
import { TmuxTerminal, tmuxForTests } from '../../../packages/cli/test/support/tmux-terminal.ts';
import { joinRpsLobby } from '../src/client/join-lobby.ts';
import { Choice, RPS_GAME } from '../src/rules.ts';
import { type PlayPlatform, startPlayPlatform } from './support/play-platform.ts';

// Without tmux the tests skip with a warning, except in CI, where tmux must be there.
const hasTmux = tmuxForTests();

const countOf = (pattern: RegExp, screen: string) => (screen.match(pattern) ?? []).length;

/** Lines that are only letters a player typed: what a cooked terminal would have echoed. */
function echoedKeys(screen: string): string[] {
  return screen
    .split('\n')
    .map((line) => line.replace(/[│└◆◇●▲■◒◐◓◑]/g, '').trim())
    .filter((line) => /^[rpsq]+$/.test(line));
}

describe.skipIf(!hasTmux)('paperclip (interactive) RPS screen in a pseudo-terminal', () => {
  let test: PlayPlatform;
  let terminal: TmuxTerminal | undefined;
  const password = 'correct horse battery';
  beforeAll(async () => {
    test = await startPlayPlatform();
  });
  afterAll(async () => {
    terminal?.close();
    await test.close();
  });

  it('tells the first player the opponent joined, counts three keys typed right after a re-prompt, shows the leaver the final score', {
    timeout: 90_000,
  }, async () => {
    await test.client.register('typist', password);
    const opponent = await test.account('rival', password);
    const { hostname, port } = new URL(test.url);
    // The server address from the seed's environment variables; --input-timeout 0.3 re-prompts quickly (the
    // test waits on the screen, never on time).
    terminal = new TmuxTerminal(
      `env S_HOST=${hostname} TCP_PORT=${port} TERM=xterm-256color ${PAPERCLIP_SHELL_COMMAND} --input-timeout 0.3`,
    );
    const term = terminal;
    onTestFailed(() => console.log(`screen at the failure:\n${term.screen()}`));
    await term.waitFor(/Login[\s\S]*Register/);
    term.keys('Enter');
    await term.waitFor(/Username/);
    term.type('typist');
    await term.waitFor(/Password/);
    term.type(password);
    await term.waitFor(/Hello typist[\s\S]*Start or join a lobby/);
    term.keys('Down');
    term.keys('Down');
    term.keys('Enter');
    await term.waitFor(/Matchmaking/);
    term.keys('Enter');
    await term.waitFor(/RPS/);
    term.keys('Enter');
    await term.waitFor(/Waiting for an opponent… you can pick already\.[\s\S]*Your pick/);
    // Nobody picks: like the seed's input loop, the prompt is asked again when its timer runs out.
    await term.waitFor(/Your pick[\s\S]*Your pick/);

    const lobby = await opponent.matchmake(RPS_GAME.id);
    expect(lobby.created).toBe(false);
    const rival = await joinRpsLobby(opponent, lobby);
    await rival.waitFor('state');
    await term.waitFor(/Your opponent has joined: the game is on\.[\s\S]*Your pick/);
    // Right after a re-prompt, three quick keys in one burst: paper, scissors, rock for rounds 1 to 3.
    const prompts = countOf(/Your pick/g, term.screen());
    await term.waitFor(() => countOf(/Your pick/g, term.screen()) > prompts);
    term.keys('psr', true);
    for (let round = 1; round <= 3; round++) {
      rival.choose(Choice.ROCK);
      await rival.waitFor('round');
    }
    await term.waitFor(/Round 3: you DRAW/);
    const screen = term.screen();
    expect(screen).toMatch(/Round 1: you WIN\. You picked paper\. They picked rock\. The score is 1:0\./);
    expect(screen).toMatch(/Round 2: you LOSE\. You picked scissors\. They picked rock\. The score is 1:1\./);
    expect(screen).toMatch(/Round 3: you DRAW\. You picked rock\. They picked rock\. The score is 1:1\./);

    await term.waitFor(/Round 3: you DRAW[\s\S]*Your pick/);
    term.keys('q', true);
    await term.waitFor(/You left the game after 3 rounds\. Final score 1:1\./);
    expect(await rival.waitFor('game-over')).toMatchObject({
      reason: 'opponent-left',
      rounds: 3,
      score: 1,
      otherScore: 1,
    });

    // Back in the lobby menu: return to the main menu, then Quit (its last entry).
    await term.waitFor(/Return to main menu/);
    term.keys('Up');
    term.keys('Enter');
    await term.waitFor(/Main menu[\s\S]*Main menu/);
    term.keys('Up');
    term.keys('Enter');
    await term.waitFor(() => term.exited());
    expect(term.screen()).toContain('Goodbye.');
    expect(term.screen()).not.toMatch(/\n\s+at /);
    expect(echoedKeys(term.screen())).toEqual([]);
  });
});
