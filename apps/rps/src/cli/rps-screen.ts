// The RPS game screen's loop: notices as the opponent comes, picks with the seed's re-prompt, rounds, the end.
import type { GameTerminal } from '@paperclip/cli';
import type { RpsEvent } from '../client/rps-player.ts';
import { GameClosedError } from '../rps-errors.ts';
import { type Choice, choiceName, parseChoice } from '../rules.ts';
import { gameOverText, leftText, roundText, ScreenText, type Tally } from './round-text.ts';
import { type EventSource, ScreenInbox } from './screen-inbox.ts';

/** What the screen needs of a joined player: an RpsPlayer, or a fake in tests. */
export interface ScreenPlayer extends EventSource {
  choose(choice: Choice): void;
  leave(): Promise<void>;
}

/** How a wait or a prompt ended. */
type Step = 'next' | 'over' | 'leave';

const PICK_KEYS = [
  { value: 'r', label: 'Rock' },
  { value: 'p', label: 'Paper' },
  { value: 's', label: 'Scissors' },
  { value: 'q', label: 'Leave the game' },
] as const;

/**
 * Plays on a joined player until the user leaves or the game ends. The caller holds the keyboard
 * (GameTerminal.holdKeys) and passes its `leave` signal; `inputTimeoutMs`: the prompt is asked again after this
 * long, as the seed's input loop.
 */
export async function playRpsScreen(
  player: ScreenPlayer,
  terminal: GameTerminal,
  options: { leave: AbortSignal; inputTimeoutMs: number },
): Promise<void> {
  terminal.step(terminal.paint.magenta('Rock Paper Scissors'));
  await new RpsScreen(player, terminal, options.leave, options.inputTimeoutMs).run();
}

class RpsScreen {
  readonly #player: ScreenPlayer;
  readonly #terminal: GameTerminal;
  readonly #leave: AbortSignal;
  readonly #inputTimeoutMs: number;
  readonly #inbox: ScreenInbox;
  /** Undefined until the server's first state says whether the opponent is here. */
  #opponentHere: boolean | undefined;
  #tally: Tally = { rounds: 0, score: 0, otherScore: 0 };

  constructor(player: ScreenPlayer, terminal: GameTerminal, leave: AbortSignal, inputTimeoutMs: number) {
    this.#player = player;
    this.#terminal = terminal;
    this.#leave = leave;
    this.#inputTimeoutMs = inputTimeoutMs;
    this.#inbox = new ScreenInbox(player);
  }

  async run(): Promise<void> {
    // The server's first word says whether the opponent is already here: nothing is claimed before it.
    let step = await this.#awaitEvent();
    while (step === 'next') {
      const pick = await this.#pick();
      if (pick === 'event') step = await this.#awaitEvent();
      else if (pick === 'quit') step = 'leave';
      else {
        this.#player.choose(pick);
        step = await this.#awaitRound(pick);
      }
    }
    if (step === 'leave') await this.#leaveGame();
    else await this.#player.leave().catch(() => undefined);
  }

  /** Takes one event and shows it; 'leave' if the player asked to leave first. */
  async #awaitEvent(): Promise<Step> {
    let event: RpsEvent;
    try {
      event = await this.#inbox.take(this.#leave);
    } catch {
      return 'leave';
    }
    return this.#show(event);
  }

  /** The pick prompt, asked again every inputTimeoutMs; 'event' when the server spoke meanwhile. */
  async #pick(): Promise<Choice | 'quit' | 'event'> {
    for (;;) {
      if (this.#inbox.waiting) return 'event';
      if (this.#leave.aborted) return 'quit';
      const arrived = this.#inbox.arrived;
      const timeout = AbortSignal.timeout(this.#inputTimeoutMs);
      const key = await this.#terminal.pickKey(
        ScreenText.PICK,
        PICK_KEYS,
        AbortSignal.any([timeout, arrived]),
      );
      if (key === 'q') return 'quit';
      const choice = key === undefined ? undefined : parseChoice(key);
      if (choice !== undefined) return choice;
      if (arrived.aborted) return 'event';
      if (!timeout.aborted) return 'quit'; // Ctrl+C or Esc, as the seed's KeyboardInterrupt
    }
  }

  /** After a pick: a spinner until the round's result, with notices as the opponent comes. */
  async #awaitRound(choice: Choice): Promise<Step> {
    for (;;) {
      const spinner = this.#terminal.spinner();
      spinner.start(
        `You picked ${choiceName(choice)}. ` +
          (this.#opponentHere ? ScreenText.WAITING_FOR_PICK : ScreenText.WAITING_FOR_OPPONENT),
      );
      let event: RpsEvent;
      try {
        event = await this.#inbox.take(this.#leave);
      } catch {
        spinner.stop(`You picked ${choiceName(choice)}.`);
        return 'leave';
      }
      if (event.type === 'state') {
        spinner.stop(`You picked ${choiceName(choice)}.`);
        this.#show(event);
        continue;
      }
      spinner.stop(event.type === 'round' ? ScreenText.BOTH_PICKED : 'The game has ended.');
      return this.#show(event);
    }
  }

  /** Shows one event; 'over' once the game has ended. */
  #show(event: RpsEvent): Step {
    switch (event.type) {
      case 'state':
        this.#showState(event.state === 'playing');
        return 'next';
      case 'round':
        this.#tally = { rounds: event.round, score: event.score, otherScore: event.otherScore };
        this.#terminal.message(roundText(event, this.#terminal.paint));
        return 'next';
      case 'game-over':
        this.#terminal.warn(gameOverText(event));
        return 'over';
      case 'closed':
        this.#terminal.error(new GameClosedError(event.message).message);
        return 'over';
    }
  }

  #showState(playing: boolean): void {
    const before = this.#opponentHere;
    this.#opponentHere = playing;
    if (before === playing) return;
    if (!playing) this.#terminal.info(ScreenText.WAITING);
    else this.#terminal.success(before === undefined ? ScreenText.OPPONENT_HERE : ScreenText.OPPONENT_JOINED);
  }

  /** The player leaves: the opponent hears "opponent left"; the player sees the final score too. */
  async #leaveGame(): Promise<void> {
    this.#terminal.warn(ScreenText.LEAVING);
    await this.#player.leave().catch(() => undefined);
    this.#terminal.info(leftText(this.#tally));
  }
}
