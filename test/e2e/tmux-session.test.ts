// The newcomer test's tmux driver: shell windows, failing fast on a failed command, and picking menu items by label.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tmuxForTests } from '../../packages/cli/test/support/tmux-terminal.ts';
import { ScreenMismatch, TmuxSession } from './tmux-session.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A real clack select menu (the one the interactive client uses), printing what was picked. */
const MENU_SCRIPT = [
  "import { select } from '@clack/prompts';",
  "const options = ['Alpha', 'Beta', 'Gamma'].map((label) => ({ value: label, label }));",
  "console.log('picked ' + String(await select({ message: 'Pick one', options })));",
].join(' ');

describe.skipIf(!tmuxForTests())('TmuxSession', () => {
  let tmux: TmuxSession | undefined;
  afterEach(() => tmux?.close());

  it('types into a shell window and waits for its output', async () => {
    tmux = new TmuxSession({ cwd: root, env: process.env });
    tmux.openWindow('one');
    tmux.type('one', 'echo "[e2e] $((40 + 2))"');
    await tmux.waitFor('one', /\[e2e\] 42\n/, 10_000);
    expect(tmux.windows).toEqual(['one']);
  });

  it('fails at once, with the screen, when the failure pattern shows (no waiting for the deadline)', async () => {
    tmux = new TmuxSession({ cwd: root, env: process.env });
    tmux.openWindow('one');
    tmux.type('one', 'false; echo "[e2e] exit $?"');
    const failure = await tmux
      .waitFor('one', /\[e2e\] exit 0\n/, 600_000, 0, /\[e2e\] exit [1-9]\d*\n/)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScreenMismatch);
    expect((failure as ScreenMismatch).window).toBe('one');
    expect((failure as ScreenMismatch).screen).toContain('[e2e] exit 1');
  });

  it('picks a menu item by its label, wherever it is in the menu', async () => {
    tmux = new TmuxSession({ cwd: root, env: process.env });
    tmux.openWindow('menu');
    tmux.type('menu', `node --input-type=module -e "${MENU_SCRIPT.replaceAll('"', '\\"')}"`);
    await tmux.choose('menu', 'Gamma', 20_000);
    await tmux.waitFor('menu', /picked Gamma\n/, 10_000);
  });
});
