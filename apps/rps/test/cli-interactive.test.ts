// The interactive client in a real pseudo-terminal (tmux): login → matchmaking → one round → leave → quit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPERCLIP_SHELL_COMMAND } from '../../../packages/cli/test/support/cli-process.ts';
import { TmuxTerminal, tmuxAvailable } from '../../../packages/cli/test/support/tmux-terminal.ts';
import { joinRpsLobby } from '../src/client/join-lobby.ts';
import { Choice, RPS_GAME } from '../src/rules.ts';
import { type PlayPlatform, startPlayPlatform } from './support/play-platform.ts';

// On a developer's machine without tmux these tests skip and say so; in CI (.ci/run installs tmux) they must run.
const hasTmux = tmuxAvailable();
if (!hasTmux && process.env['CI'] === 'true') {
  throw new Error('tmux is not installed, and CI must run the terminal tests: apt-get install -y tmux.');
}
if (!hasTmux) console.warn('interactive tests skipped: tmux is not installed (apt-get install -y tmux).');

describe.skipIf(!hasTmux)('paperclip (interactive) in a pseudo-terminal', () => {
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

  it('logs in, matchmakes, re-prompts on timeout, plays one round against a scripted opponent, leaves and quits', async () => {
    await test.client.register('tmuxer', password);
    const opponent = await test.account('opponent', password);
    const { hostname, port } = new URL(test.url);
    // The server address comes from the seed's environment variables, as the seed client reads them.
    terminal = new TmuxTerminal(
      `env S_HOST=${hostname} TCP_PORT=${port} TERM=xterm-256color ${PAPERCLIP_SHELL_COMMAND} --input-timeout 1`,
    );
    const term = terminal;

    await term.waitFor(/Login[\s\S]*Register[\s\S]*Quit/);
    term.keys('Enter');
    await term.waitFor(/Username/);
    term.type('tmuxer');
    await term.waitFor(/Password/);
    term.type(password);
    await term.waitFor(/Hello tmuxer[\s\S]*Start or join a lobby/);
    term.keys('Down');
    term.keys('Down');
    term.keys('Enter');
    await term.waitFor(/Matchmaking/);
    term.keys('Enter');
    await term.waitFor(/RPS/);
    term.keys('Enter');
    await term.waitFor(/Your pick/);
    // Nobody picks: like the seed's inputimeout loop, the prompt is asked again when its timer runs out.
    await term.waitFor(/Your pick[\s\S]*Your pick/);

    const lobby = await opponent.matchmake(RPS_GAME.id);
    expect(lobby.created).toBe(false);
    const player = await joinRpsLobby(opponent, lobby);
    await player.waitFor('state');
    player.choose(Choice.SCISSORS);
    term.keys('r', true);
    await term.waitFor(/Round 1: you WIN\. You picked rock\. They picked scissors\. The score is 1:0\./);
    expect(await player.waitFor('round')).toMatchObject({ outcome: 0, score: 0, otherScore: 1 });

    await term.waitFor(/Round 1: you WIN[\s\S]*Your pick/);
    term.keys('q', true);
    await term.waitFor(/You left the game/);
    expect(await player.waitFor('game-over')).toMatchObject({
      reason: 'opponent-left',
      rounds: 1,
      score: 0,
      otherScore: 1,
    });

    // Back in the lobby menu: return to the main menu, quit it, quit the start menu.
    await term.waitFor(/Return to main menu/);
    term.keys('Up');
    term.keys('Enter');
    await term.waitFor(/Main menu[\s\S]*Main menu/);
    term.keys('Up');
    term.keys('Enter');
    await term.waitFor(/Login[\s\S]*Login/);
    term.keys('Up');
    term.keys('Enter');
    await term.waitFor(() => term.exited());
    expect(term.screen()).toContain('Goodbye.');
    expect(term.screen()).not.toMatch(/\n\s+at /);
  });

  it('shows one-sentence errors for a wrong password and an unreachable server, then offers the menu again', async () => {
    terminal?.close();
    await test.client.register('typo', password);
    terminal = new TmuxTerminal(`env TERM=xterm-256color ${PAPERCLIP_SHELL_COMMAND} --server ${test.url}`);
    const term = terminal;
    await term.waitFor(/Login[\s\S]*Quit/);
    term.keys('Enter');
    await term.waitFor(/Username/);
    term.type('typo');
    await term.waitFor(/Password/);
    term.type('not my password');
    await term.waitFor(/Wrong username or password\./);
    await term.waitFor(/Wrong username or password[\s\S]*Login[\s\S]*Register/);
    term.close();

    terminal = new TmuxTerminal(
      `env TERM=xterm-256color ${PAPERCLIP_SHELL_COMMAND} --server http://127.0.0.1:9`,
    );
    const offline = terminal;
    await offline.waitFor(/Login[\s\S]*Quit/);
    offline.keys('Enter');
    await offline.waitFor(/Username/);
    offline.type('anyone');
    await offline.waitFor(/Password/);
    offline.type('whatever');
    await offline.waitFor(/The Paperclip server at http:\/\/127\.0\.0\.1:9 is unreachable/);
    expect(offline.screen()).not.toMatch(/\n\s+at /);
  });
});
