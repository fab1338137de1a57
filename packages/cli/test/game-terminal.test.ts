// The game screens' terminal (game-terminal.ts) in a real pseudo-terminal: no key is echoed raw or lost when
// a prompt's timer fires after it was answered, and keys typed in a burst each reach the next prompts in order.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PAPERCLIP_COMMAND } from './support/cli-process.ts';
import { TmuxTerminal, tmuxForTests } from './support/tmux-terminal.ts';

// Without tmux the tests skip with a warning, except in CI, where tmux must be there.
const hasTmux = tmuxForTests();

const DRIVER = fileURLToPath(new URL('./fixtures/game-terminal-driver.ts', import.meta.url));
/** node with tsx and the source condition, as PAPERCLIP_COMMAND runs the CLI, but on the driver script. */
const DRIVER_COMMAND = [...PAPERCLIP_COMMAND.slice(0, -1), DRIVER].join(' ');

describe.skipIf(!hasTmux)('game terminal keys in a pseudo-terminal', () => {
  let terminal: TmuxTerminal | undefined;
  afterEach(() => terminal?.close());

  it("keeps raw mode after an answered prompt's signal fires, and hands a burst of keys to the next prompts", async () => {
    terminal = new TmuxTerminal(`env TERM=xterm-256color ${DRIVER_COMMAND}`);
    const term = terminal;
    await term.waitFor(/First pick/);
    term.keys('r', true);
    await term.waitFor(/picked r[\s\S]*Second pick/);
    // Before the fix the late signal closed the first prompt again, turning raw mode off under the second:
    // this burst was echoed by the cooked terminal ("psr") and no prompt got it.
    term.keys('psr', true);
    await term.waitFor(/driver done/);
    const screen = term.screen();
    expect(screen.match(/picked \w/g)).toEqual(['picked r', 'picked p', 'picked s', 'picked r']);
    expect(screen).not.toMatch(/psr|^\s*sr\s*$/m);
  });
});
