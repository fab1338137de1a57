// The interactive client in a real pseudo-terminal: the server check, Quit and Log out, Ctrl-C from anywhere,
// and only playable games offered.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, spawnCli } from './support/cli-process.ts';
import { openInteractive, startToyPlatform, type ToyPlatform } from './support/interactive-client.ts';
import { type TmuxTerminal, tmuxForTests } from './support/tmux-terminal.ts';

const hasTmux = tmuxForTests();

describe.skipIf(!hasTmux)('paperclip (interactive): leaving, and what it offers', () => {
  let test: ToyPlatform;
  let term: TmuxTerminal | undefined;
  const password = 'correct horse battery';
  beforeAll(async () => {
    test = await startToyPlatform();
    await test.register('leaver', password);
  });
  afterEach(() => term?.close());
  afterAll(async () => {
    await test.close();
  });

  const open = async (url = test.platform.url) => {
    term = openInteractive(url, test.directory);
    return term;
  };
  /** Logs in as `leaver` from the start menu; resolves at the main menu. */
  const logIn = async (t: TmuxTerminal) => {
    await t.waitFor(/Welcome — log in or create an account[\s\S]*Quit/);
    t.keys('Enter');
    await t.waitFor(/Username/);
    t.type('leaver');
    await t.waitFor(/Password/);
    t.type(password);
    await t.waitFor(/Hello leaver\.[\s\S]*Main menu[\s\S]*Log out[\s\S]*Quit/);
  };
  /** From the main menu: "Start or join a lobby", then "Matchmaking": the game pick. */
  const toGamePick = async (t: TmuxTerminal) => {
    t.keys('Down');
    t.keys('Down');
    t.keys('Enter');
    await t.waitFor(/Matchmaking[\s\S]*Create lobby/);
    t.keys('Enter');
  };
  /** The client said Goodbye, exited with `status`, and left the terminal in its normal (cooked) mode. */
  const leftCleanly = async (t: TmuxTerminal, status = 0) => {
    await t.waitFor(/\[exit status \d+\][\s\S]*speed/);
    const screen = t.screen();
    expect(screen).toContain('Goodbye.');
    expect(screen).toContain(`[exit status ${status}]`);
    expect(screen).toMatch(/\sicanon\s/);
    expect(screen).toMatch(/\secho\s/);
    expect(screen).not.toMatch(/\n\s+at /);
  };

  it('says a server that is down in one sentence and exits 1 before asking anything', async () => {
    const t = await open('http://127.0.0.1:9');
    await t.waitFor(/\[exit status \d+\]/);
    const screen = t.screen();
    expect(screen).toContain(
      'paperclip: No Paperclip server answers at http://127.0.0.1:9: start one with `npm start` in the Paperclip clone, or give its address with --server <url>.',
    );
    expect(screen).toContain('[exit status 1]');
    expect(screen).not.toMatch(/Welcome|Username/);
  });

  it('Quit in the main menu quits the program; Log out goes back to the start menu', async () => {
    const t = await open();
    await logIn(t);
    t.keys('Up');
    t.keys('Up');
    t.keys('Enter');
    await t.waitFor(/Logged out\.[\s\S]*Welcome — log in or create an account/);
    await logIn(t);
    t.keys('Up');
    t.keys('Enter');
    await leftCleanly(t);
    expect(t.screen().split('Quit').length).toBeGreaterThan(1);
  });

  it('Ctrl-C at the start menu leaves with Goodbye, exit status 0, terminal restored', async () => {
    const t = await open();
    await t.waitFor(/Welcome — log in or create an account/);
    t.keys('C-c');
    await leftCleanly(t);
  });

  it('Ctrl-C at a text prompt leaves (not back to the menu)', async () => {
    const t = await open();
    await t.waitFor(/Welcome — log in or create an account/);
    t.keys('Enter');
    await t.waitFor(/Username/);
    t.keys('le', true);
    t.keys('C-c');
    await leftCleanly(t);
  });

  it('offers only games a plugin can play (others: not playable here); Ctrl-C in the nested lobby menu leaves', async () => {
    const t = await open();
    await logIn(t);
    t.keys('Down');
    t.keys('Enter');
    // Enter only once the prompt reads keys: typed earlier, in cooked mode, it would arrive as a line feed.
    await t.waitFor(/Available games[\s\S]*Echo \(not playable here\)[\s\S]*Toy[\s\S]*Press Enter/);
    t.keys('Enter');
    await t.waitFor(/Main menu[\s\S]*Main menu/);
    await toGamePick(t);
    // Toy is selectable and first; Echo is shown greyed with its reason, and the cursor skips it.
    await t.waitFor(/Game[\s\S]*Toy[\s\S]*Echo \(not playable here\)/);
    t.keys('Down');
    t.keys('Enter');
    await t.waitFor(/Toy in lobby \d+\./);
    expect(t.screen()).not.toContain('can only play');
    // Back in the lobby menu, two menus below the start menu: Ctrl-C leaves at once, not one menu back.
    await t.waitFor(/Toy in lobby \d+\.[\s\S]*Lobby[\s\S]*Return to main menu/);
    t.keys('C-c');
    await leftCleanly(t);
    expect(t.screen().split('Toy in lobby')[1]).not.toContain('Main menu');
  });
});

describe('paperclip (interactive): Ctrl-C while no prompt holds the terminal', () => {
  afterAll(() => killAll());

  it('SIGINT during a request to the platform says Goodbye and exits 0', async () => {
    // A server that accepts the start-up check's request and never answers: the client waits on it.
    let requested: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      requested = resolve;
    });
    const silent = createServer(() => requested());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const cli = spawnCli(['--server', `http://127.0.0.1:${port}`]);
      await arrived;
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(cli.stdout()).toContain('Goodbye.');
      expect(cli.stderr()).toBe('');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
