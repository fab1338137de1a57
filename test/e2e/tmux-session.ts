// A tmux session of named windows on a private tmux server: type into them, read their screens, pick menu items.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** A screen never showed what a step expected before its deadline. */
export class ScreenMismatch extends Error {
  /** The tmux window that was watched. */
  readonly window: string;
  /** What the step waited for (a description, or the pattern's source). */
  readonly expected: string;
  /** That window's screen at the deadline. */
  readonly screen: string;

  constructor(window: string, expected: string, screen: string) {
    super(`window '${window}' never showed ${expected}`);
    this.name = 'ScreenMismatch';
    this.window = window;
    this.expected = expected;
    this.screen = screen;
  }
}

/** How a session starts: the folder and environment of every window's shell. */
export interface TmuxSessionOptions {
  cwd: string;
  /** The whole environment the tmux server (and so every window) starts with. */
  env: NodeJS.ProcessEnv;
  /** Pane size; wide enough that menu labels never wrap. */
  columns?: number;
  rows?: number;
}

/** How often a screen is read while waiting: a pty has no event to wait on, so its text is polled. */
const POLL_MS = 50;

/**
 * A tmux session whose windows each run an interactive bash with prompt `$ `.
 *
 * @example
 * const tmux = new TmuxSession({ cwd: '/tmp', env: { ...process.env, TCP_PORT: '5001' } });
 * tmux.openWindow('server');
 * tmux.type('server', 'npm start');
 * await tmux.waitFor('server', /listening/, 30_000);
 * tmux.close();
 */
export class TmuxSession {
  /** The tmux server's socket name (`tmux -L <socket> attach` to watch a run). */
  readonly socket = `paperclip-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly #session = 'newcomer';
  readonly #options: TmuxSessionOptions;
  readonly #windows: string[] = [];

  constructor(options: TmuxSessionOptions) {
    this.#options = options;
  }

  /** Opens a window named `name` running a clean interactive bash in the session's folder. */
  openWindow(name: string, cwd = this.#options.cwd): void {
    // PS1 on the command line: tmux does not hand a PS1 from its own environment to the shells it starts.
    const shell = "env PS1='$ ' bash --noprofile --norc -i";
    if (this.#windows.length === 0) {
      const size = ['-x', String(this.#options.columns ?? 120), '-y', String(this.#options.rows ?? 50)];
      this.#tmux(['new-session', '-d', '-s', this.#session, '-n', name, '-c', cwd, ...size, shell]);
      this.#tmux(['set-option', '-t', this.#session, 'history-limit', '5000']);
    } else {
      this.#tmux(['new-window', '-d', '-t', this.#session, '-n', name, '-c', cwd, shell]);
    }
    this.#windows.push(name);
  }

  /** Every window opened so far, in order. */
  get windows(): readonly string[] {
    return this.#windows;
  }

  /**
   * The window's text: scroll-back plus visible screen, joined where tmux wrapped long lines, without the blank
   * rows below the cursor (so an idle shell's screen ends with its prompt, `$`).
   */
  screen(window: string): string {
    return this.#tmux(['capture-pane', '-p', '-J', '-S', '-5000', '-t', this.#target(window)]).trimEnd();
  }

  /** Sends tmux key names (Enter, Down, C-c). */
  keys(window: string, ...keys: string[]): void {
    this.#tmux(['send-keys', '-t', this.#target(window), ...keys]);
  }

  /** Types characters as they are, without Enter. */
  typeRaw(window: string, text: string): void {
    this.#tmux(['send-keys', '-t', this.#target(window), '-l', text]);
  }

  /** Types a line and presses Enter. */
  type(window: string, line: string): void {
    this.typeRaw(window, line);
    this.keys(window, 'Enter');
  }

  /**
   * Resolves once the window's screen (from `from` on, an offset in its text) matches `pattern`; throws
   * ScreenMismatch after `timeoutMs`, or as soon as it matches `failure` (a command that already failed).
   * Returns the screen that matched.
   */
  async waitFor(
    window: string,
    pattern: RegExp,
    timeoutMs: number,
    from = 0,
    failure?: RegExp,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen(window);
      const text = screen.slice(from);
      if (pattern.test(text)) return screen;
      if (failure?.test(text) || Date.now() > deadline)
        throw new ScreenMismatch(window, String(pattern), screen);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Picks `label` in the select menu the window shows now (a clack select: `● label` is the highlighted option,
   * `○ label` the others) by moving the highlight, then confirms it. Position-independent, so reordered menus
   * still work.
   */
  async choose(window: string, label: string, timeoutMs: number): Promise<void> {
    const menu = await this.#menuWith(window, label, timeoutMs);
    const from = menu.options.findIndex((option) => option.active);
    const to = menu.options.findIndex((option) => option.label === label);
    const step = to > from ? 'Down' : 'Up';
    const moves = Array.from({ length: Math.abs(to - from) }, () => step);
    this.keys(window, ...moves, 'Enter');
    // The answered menu turns from `◆ title` into `◇ title` followed by the chosen label.
    const answered = new RegExp(`◇ {2}${literal(menu.title)}\\n│ {2}${literal(label)}`);
    await this.waitFor(window, answered, timeoutMs, menu.offset);
  }

  /** Kills the tmux server: every window's shell and whatever still runs in it. */
  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    // kill-server leaves the socket file behind; tmux keeps it in $TMUX_TMPDIR/tmux-<uid>/.
    const folder = join(this.#options.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    rmSync(join(folder, this.socket), { force: true });
  }

  /** Waits for the last open menu (`◆ title` then option lines) to list `label`. */
  async #menuWith(window: string, label: string, timeoutMs: number): Promise<OpenMenu> {
    let menu: OpenMenu | undefined;
    const hasLabel = (screen: string) => {
      menu = openMenu(screen);
      return menu?.options.some((option) => option.label === label) === true;
    };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen(window);
      if (hasLabel(screen) && menu !== undefined) return menu;
      if (Date.now() > deadline) throw new ScreenMismatch(window, `a menu offering '${label}'`, screen);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  #target(window: string): string {
    return `${this.#session}:${window}`;
  }

  #tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], {
      encoding: 'utf8',
      env: this.#options.env,
    });
  }
}

/** The select menu waiting for an answer at the bottom of a screen. */
interface OpenMenu {
  title: string;
  options: { label: string; active: boolean }[];
  /** Where the menu starts in the screen's text. */
  offset: number;
}

/** The last `◆ title` block of a screen with its `│ ●/○ label` option lines, if it is a select menu. */
function openMenu(screen: string): OpenMenu | undefined {
  const offset = screen.lastIndexOf('◆  ');
  if (offset < 0) return undefined;
  const [titleLine = '', ...rest] = screen.slice(offset).split('\n');
  const options = rest
    .map((line) => /^│ {2}([●○]) (.+?)\s*$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ label: match[2]!, active: match[1] === '●' }));
  if (options.length === 0) return undefined;
  return { title: titleLine.slice(3).trim(), options, offset };
}

/** A literal string as a RegExp source. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
