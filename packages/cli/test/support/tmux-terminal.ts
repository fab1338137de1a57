// Drives a command in a real pseudo-terminal through tmux (send-keys, capture-pane) on a private tmux server.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** True when the tmux binary can be run. */
function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether the terminal tests can run: true with tmux; without it false (the tests skip, with a warning), except
 * in CI (CI=true, where .ci/run installs tmux), where a missing tmux is an error.
 */
export function tmuxForTests(): boolean {
  if (tmuxAvailable()) return true;
  if (process.env['CI'] === 'true') {
    throw new Error('tmux is not installed, and CI must run the terminal tests: apt-get install -y tmux.');
  }
  console.warn('terminal tests skipped: tmux is not installed (apt-get install -y tmux).');
  return false;
}

/** A command running in a tmux pane of its own tmux server (socket name unique to this test run). */
export class TmuxTerminal {
  readonly #socket = `paperclip-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly #session = 'main';

  /** Starts `command` (a shell command line) in a 120×40 pane. */
  constructor(command: string) {
    this.#tmux(['new-session', '-d', '-s', this.#session, '-x', '120', '-y', '40', command]);
    // Keep the pane after the command exits so its last screen can still be read.
    this.#tmux(['set-option', '-t', this.#session, 'remain-on-exit', 'on']);
  }

  /** The visible screen (plus scroll-back) as text. */
  screen(): string {
    return this.#tmux(['capture-pane', '-p', '-J', '-S', '-200', '-t', this.#session]);
  }

  /** Sends tmux key names (Enter, Down, C-c) or, with `literal`, the characters as typed. */
  keys(keys: string, literal = false): void {
    this.#tmux(['send-keys', '-t', this.#session, ...(literal ? ['-l', keys] : [keys])]);
  }

  /** Types text then Enter. */
  type(text: string): void {
    this.keys(text, true);
    this.keys('Enter');
  }

  /** True once the command in the pane has exited. */
  exited(): boolean {
    return this.#tmux(['display-message', '-p', '-t', this.#session, '#{pane_dead}']).trim() === '1';
  }

  /**
   * Resolves once the screen matches `pattern` (polling the terminal's output every 50 ms: a pty has no
   * event to wait on), or rejects after `timeoutMs` with the screen in the message.
   */
  async waitFor(pattern: RegExp | (() => boolean), timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'function' ? pattern() : pattern.test(screen)) return;
      if (Date.now() > deadline)
        throw new Error(`terminal never showed ${String(pattern)}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The exit status of the pane's command once it has exited (tmux's pane_dead_status), else undefined. */
  exitStatus(): number | undefined {
    const status = this.#tmux(['display-message', '-p', '-t', this.#session, '#{pane_dead_status}']).trim();
    return this.exited() && status !== '' ? Number(status) : undefined;
  }

  /** Kills the tmux server this terminal started (and the command in it). */
  close(): void {
    spawnSync('tmux', ['-L', this.#socket, 'kill-server'], { stdio: 'ignore' });
  }

  #tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, ...args], { encoding: 'utf8' });
  }
}
