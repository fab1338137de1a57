// The player side of a game, as a plugin gives it to the CLI: `paperclip play <game>` and the interactive client.
import type { LobbyInfo, PlatformSession } from '@paperclip/platform/client';

/** Colours for text; each is the identity when the output is not a colour terminal. */
export interface TextPaint {
  bold(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  magenta(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

/** One key a game screen offers, e.g. `{ value: 'r', label: 'Rock' }`. */
export interface KeyChoice<Key extends string> {
  value: Key;
  label: string;
}

/** A spinner line: started once, then stopped with a result or an error. */
export interface TerminalSpinner {
  start(text: string): void;
  stop(text: string): void;
  error(text: string): void;
}

/**
 * The terminal a game screen draws on: the interactive client's own prompts, so every game looks alike and no
 * game needs a prompt library of its own.
 */
export interface GameTerminal {
  /** A heading line (the game's title). */
  step(text: string): void;
  info(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** A plain line in the log. */
  message(text: string): void;
  spinner(): TerminalSpinner;
  /**
   * Waits for one of `keys`; undefined when the player cancels (Ctrl+C, Esc) or `signal` aborts first. While
   * the keyboard is held ({@link holdKeys}), keys typed before the prompt opened are answered first, in order.
   */
  pickKey<Key extends string>(
    message: string,
    keys: readonly KeyChoice<Key>[],
    signal?: AbortSignal,
  ): Promise<Key | undefined>;
  /**
   * Holds the keyboard for a whole game screen, until `release()`: keys typed while no prompt is open (a spinner
   * runs, a prompt is being asked again) are neither echoed nor lost but kept for the next {@link pickKey}.
   * `leave` aborts when one of `leaveKeys`, Ctrl+C or Esc is typed while no prompt is open.
   *
   * @example
   * const keyboard = terminal.holdKeys(['q']);
   * try { await playRounds(keyboard.leave); } finally { keyboard.release(); }
   */
  holdKeys(leaveKeys: readonly string[]): HeldKeyboard;
  paint: TextPaint;
}

/** The keyboard as a game screen holds it (see {@link GameTerminal.holdKeys}). */
export interface HeldKeyboard {
  /** Aborts when the player asks to leave while no prompt is open. */
  readonly leave: AbortSignal;
  /** Gives the keyboard back (cooked terminal, for the menus). */
  release(): void;
}

/** What `paperclip play <game>` hands the game once the player is logged in and has a lobby. */
export interface ScriptedPlay<Move> {
  session: PlatformSession;
  /** The lobby to join (matchmade or named with --lobby); its gameId is the CliGame's id. */
  lobby: LobbyInfo;
  /** The moves from --moves, as {@link CliGame.parseMoves} read them. */
  moves: readonly Move[];
  /** Longest wait for one round's result (the opponent may be slow to join or pick), in ms. */
  roundTimeoutMs: number;
  /**
   * Reports one event: `json` is printed with --json (it should carry an `event` name), `text` otherwise.
   * Scripts read these lines, so a game keeps their shape stable.
   */
  say(json: Record<string, unknown>, text: string): void;
  paint: TextPaint;
}

/** What the interactive client hands the game once the player picked a lobby of it. */
export interface InteractivePlay {
  session: PlatformSession;
  lobby: LobbyInfo;
  terminal: GameTerminal;
  /** How long a pick prompt waits before asking again (the seed's 10 s; --input-timeout). */
  inputTimeoutMs: number;
}

/**
 * A game's player side. The CLI logs in, finds the lobby and reports errors; the game joins the lobby's server
 * and plays. `Move` is whatever the game's scripts are made of (RPS: a Choice).
 */
export interface CliGame<Move = unknown> {
  /** The platform game it plays (GamePlugin.id; RPS is 1). */
  readonly id: number;
  /** The platform game's name; `paperclip play <name>` matches it ignoring case. */
  readonly name: string;
  /** How --moves is written, for `play --help` and error messages, e.g. "comma-separated r, p, s". */
  readonly movesHelp: string;
  /** Reads --moves; throws an Error whose message is one sentence naming the first bad move. */
  parseMoves(text: string): Move[];
  /** Joins the lobby and plays the moves, reporting through `play.say`; resolves once the game is over. */
  playScripted(play: ScriptedPlay<Move>): Promise<void>;
  /** Joins the lobby and runs the game screen; resolves when the player is back in the menus. */
  playInteractive(play: InteractivePlay): Promise<void>;
  /**
   * The sentence to show for one of this game's own failures (a full lobby, an unreachable game server), or
   * undefined for anything else (which the CLI treats as a bug).
   */
  describeError?(error: unknown): string | undefined;
}
