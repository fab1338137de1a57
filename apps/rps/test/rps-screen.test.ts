// The RPS game screen's texts against a fake terminal and a fake player: what each player is told on entry and
// when the opponent joins, and the final score for the player who leaves as for the one who stays.
import type { GameTerminal, KeyChoice, TerminalSpinner } from '@paperclip/cli';
import { describe, expect, it } from 'vitest';
import { ScreenText } from '../src/cli/round-text.ts';
import { playRpsScreen, type ScreenPlayer } from '../src/cli/rps-screen.ts';
import { EventQueue } from '../src/client/event-queue.ts';
import type { RpsEvent } from '../src/client/rps-player.ts';
import { Choice, Outcome } from '../src/rules.ts';

const plain = (text: string) => text;
const PAINT = { bold: plain, cyan: plain, green: plain, magenta: plain, red: plain, yellow: plain };

/** Records every line as "kind: text"; keys typed with type() answer prompts in order (typed ahead or not). */
class FakeTerminal implements GameTerminal {
  readonly lines: string[] = [];
  readonly #typed = new EventQueue<string>();
  readonly #leave = new AbortController();
  readonly #watchers = new Set<() => void>();
  readonly paint = PAINT;
  step = (text: string) => this.#write('step', text);
  info = (text: string) => this.#write('info', text);
  success = (text: string) => this.#write('success', text);
  warn = (text: string) => this.#write('warn', text);
  error = (text: string) => this.#write('error', text);
  message = (text: string) => this.#write('message', text);

  spinner(): TerminalSpinner {
    return {
      start: (text) => this.#write('spinner', text),
      stop: (text) => this.#write('spinner-stop', text),
      error: (text) => this.#write('spinner-error', text),
    };
  }

  async pickKey<Key extends string>(
    message: string,
    _keys: readonly KeyChoice<Key>[],
    signal?: AbortSignal,
  ): Promise<Key | undefined> {
    this.#write('prompt', message);
    try {
      return (await this.#typed.take(signal)) as Key;
    } catch {
      return undefined;
    }
  }

  holdKeys() {
    this.#write('keyboard', 'held');
    return { leave: this.#leave.signal, release: () => this.#write('keyboard', 'released') };
  }

  type(key: string): void {
    this.#typed.push(key);
  }

  /** Ctrl+C or q while no prompt is open. */
  pressLeave(): void {
    this.#leave.abort();
  }

  /** Resolves once `count` lines match `pattern` (already written ones count). */
  shown(pattern: RegExp, count = 1): Promise<void> {
    const done = () => this.lines.filter((line) => pattern.test(line)).length >= count;
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const watcher = () => {
        if (!done()) return;
        this.#watchers.delete(watcher);
        resolve();
      };
      this.#watchers.add(watcher);
    });
  }

  #write(kind: string, text: string): void {
    this.lines.push(`${kind}: ${text}`);
    for (const watcher of [...this.#watchers]) watcher();
  }
}

class FakePlayer implements ScreenPlayer {
  readonly events = new EventQueue<RpsEvent>();
  readonly chosen: Choice[] = [];
  left = false;
  next = () => this.events.take();
  choose(choice: Choice): void {
    this.chosen.push(choice);
  }
  async leave(): Promise<void> {
    this.left = true;
  }
  state(state: 'waiting' | 'playing'): void {
    this.events.push({ type: 'state', state, players: state === 'waiting' ? 1 : 2 });
  }
}

const round = (
  n: number,
  outcome: Outcome,
  choice: Choice,
  otherChoice: Choice,
  score: number,
  otherScore: number,
): RpsEvent => ({ type: 'round', round: n, outcome, choice, otherChoice, score, otherScore });

function start() {
  const terminal = new FakeTerminal();
  const player = new FakePlayer();
  // The interactive client holds the keyboard around the screen (game-screen.ts); so does the test.
  const keyboard = terminal.holdKeys();
  const screen = (async () => {
    try {
      await playRpsScreen(player, terminal, { leave: keyboard.leave, inputTimeoutMs: 60_000 });
    } finally {
      keyboard.release();
    }
  })();
  return { terminal, player, screen };
}

describe('RPS game screen texts', () => {
  it('tells the first player to wait, then interrupts the pick prompt with "Your opponent has joined"', async () => {
    const { terminal, player, screen } = start();
    player.state('waiting');
    await terminal.shown(/^prompt: Your pick/);
    expect(terminal.lines).toContain(`info: ${ScreenText.WAITING}`);
    player.state('playing');
    await terminal.shown(/^prompt: Your pick/, 2);
    terminal.type('q');
    await screen;
    expect(terminal.lines).toEqual([
      'keyboard: held',
      'step: Rock Paper Scissors',
      'info: Waiting for an opponent… you can pick already.',
      'prompt: Your pick: r rock, p paper, s scissors (q leaves)',
      'success: Your opponent has joined: the game is on.',
      'prompt: Your pick: r rock, p paper, s scissors (q leaves)',
      'warn: Quitting. Please wait…',
      'info: You left the game after 0 rounds. Final score 0:0.',
      'keyboard: released',
    ]);
    expect(player.left).toBe(true);
  });

  it('tells the second player the opponent is already here, never to wait, and shows the leaver the final score', async () => {
    const { terminal, player, screen } = start();
    player.state('playing');
    terminal.type('r');
    await terminal.shown(/^spinner: You picked rock\. Waiting for the other player…/);
    player.events.push(round(1, Outcome.WIN, Choice.ROCK, Choice.SCISSORS, 1, 0));
    // Typed ahead while the result was awaited: the next prompt takes it at once.
    terminal.type('p');
    await terminal.shown(/^spinner: You picked paper/);
    player.events.push(round(2, Outcome.DRAW, Choice.PAPER, Choice.PAPER, 1, 0));
    terminal.type('q');
    await screen;
    expect(player.chosen).toEqual([Choice.ROCK, Choice.PAPER]);
    expect(terminal.lines.filter((line) => /Waiting for an opponent/.test(line))).toEqual([]);
    expect(terminal.lines).toContain(`success: ${ScreenText.OPPONENT_HERE}`);
    expect(terminal.lines).toContain(
      'message: Round 1: you WIN. You picked rock. They picked scissors. The score is 1:0.',
    );
    expect(terminal.lines.slice(-2)).toEqual([
      'info: You left the game after 2 rounds. Final score 1:0.',
      'keyboard: released',
    ]);
  });

  it('announces an opponent who joins while the first player waits for a result, and shows the one who stays the final score', async () => {
    const { terminal, player, screen } = start();
    player.state('waiting');
    terminal.type('s');
    await terminal.shown(/^spinner: You picked scissors\. Waiting for an opponent…/);
    player.state('playing');
    await terminal.shown(/^spinner: You picked scissors\. Waiting for the other player…/);
    player.events.push(round(1, Outcome.LOSE, Choice.SCISSORS, Choice.ROCK, 0, 1));
    await terminal.shown(/^prompt: /, 2);
    player.events.push({ type: 'game-over', reason: 'opponent-left', rounds: 1, score: 0, otherScore: 1 });
    await screen;
    expect(terminal.lines).toContain(`success: ${ScreenText.OPPONENT_JOINED}`);
    expect(terminal.lines).toContain(
      'warn: Your opponent left: the game is over after 1 round. Final score 0:1.',
    );
    expect(player.left).toBe(true);
  });

  it('leaves on Ctrl+C or q while a result is awaited, with the final score so far', async () => {
    const { terminal, player, screen } = start();
    player.state('playing');
    terminal.type('p');
    await terminal.shown(/^spinner: You picked paper/);
    player.events.push(round(1, Outcome.WIN, Choice.PAPER, Choice.ROCK, 1, 0));
    terminal.type('p');
    await terminal.shown(/^spinner: You picked paper/, 2);
    terminal.pressLeave();
    await screen;
    expect(terminal.lines.slice(-4)).toEqual([
      'spinner-stop: You picked paper.',
      'warn: Quitting. Please wait…',
      'info: You left the game after 1 round. Final score 1:0.',
      'keyboard: released',
    ]);
  });
});
