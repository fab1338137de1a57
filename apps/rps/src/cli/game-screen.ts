// The RPS screen of the interactive client: pick R, P or S with the seed's input loop (re-ask on timeout, q leaves).
import type { GameTerminal, InteractivePlay } from '@paperclip/cli';
import { EventQueue } from '../client/event-queue.ts';
import { joinRpsLobby } from '../client/join-lobby.ts';
import type { RpsEvent, RpsPlayer } from '../client/rps-player.ts';
import { type Choice, parseChoice } from '../rules.ts';
import { gameOverText, roundText } from './round-text.ts';
import { GameClosedError } from './scripted-game.ts';

type Result = Exclude<RpsEvent, { type: 'state' }>;

/** Joins the lobby and plays until the user leaves or the game ends; resolves back in the menus. */
export async function playInteractive(play: InteractivePlay): Promise<void> {
  const { terminal, lobby } = play;
  const connecting = terminal.spinner();
  connecting.start(`Connecting to ${lobby.address}…`);
  let player: RpsPlayer;
  try {
    player = await joinRpsLobby(play.session, lobby);
  } catch (error) {
    connecting.error('Could not join.');
    throw error;
  }
  connecting.stop(`Connected to lobby ${lobby.lobbyId}.`);
  await playRpsScreen(player, terminal, play.inputTimeoutMs);
}

/** Plays on a joined player until the user leaves or the game ends. */
async function playRpsScreen(
  player: RpsPlayer,
  terminal: GameTerminal,
  inputTimeoutMs: number,
): Promise<void> {
  terminal.step(terminal.paint.magenta('Rock Paper Scissors'));
  const results = new EventQueue<Result>();
  const ended = new AbortController();
  let opponentHere = false;
  // One reader of the player's events: rounds go to the loop, an end aborts whatever prompt is open.
  void (async () => {
    for (;;) {
      const event = await player.next();
      if (event.type === 'state') {
        opponentHere = event.state === 'playing';
        continue;
      }
      if (event.type !== 'round') ended.abort();
      results.push(event);
      if (event.type === 'closed') return;
    }
  })();

  for (;;) {
    if (!opponentHere) terminal.info('Waiting for an opponent… you can pick already.');
    const choice = await pickWithTimeout(terminal, ended.signal, inputTimeoutMs);
    if (choice === 'ended') break;
    if (choice === 'quit') {
      terminal.warn('Quitting. Please wait…');
      await player.leave();
      terminal.info('You left the game.');
      return;
    }
    player.choose(choice);
    const wait = terminal.spinner();
    wait.start('Waiting for the other player…');
    const result = await results.take();
    wait.stop(result.type === 'round' ? 'Both picked.' : 'The game has ended.');
    if (result.type === 'round') {
      terminal.message(roundText(result, terminal.paint));
      continue;
    }
    results.push(result);
    break;
  }
  let end = await results.take();
  while (end.type === 'round') end = await results.take();
  if (end.type === 'game-over') terminal.warn(gameOverText(end));
  else if (end.type === 'closed') terminal.error(new GameClosedError(end.message).message);
  await player.leave().catch(() => undefined);
}

/** Asks for R/P/S until one is given ('quit' for q or Ctrl+C); re-asks every `timeoutMs`, as the seed. */
async function pickWithTimeout(
  terminal: GameTerminal,
  ended: AbortSignal,
  timeoutMs: number,
): Promise<Choice | 'quit' | 'ended'> {
  for (;;) {
    if (ended.aborted) return 'ended';
    const timeout = AbortSignal.timeout(timeoutMs);
    const key = await terminal.pickKey(
      'Your pick: r rock, p paper, s scissors (q leaves)',
      [
        { value: 'r', label: 'Rock' },
        { value: 'p', label: 'Paper' },
        { value: 's', label: 'Scissors' },
        { value: 'q', label: 'Leave the game' },
      ],
      AbortSignal.any([timeout, ended]),
    );
    if (key !== undefined) {
      if (key === 'q') return 'quit';
      const choice = parseChoice(key);
      if (choice !== undefined) return choice;
      continue;
    }
    if (ended.aborted) return 'ended';
    if (!timeout.aborted) return 'quit'; // Ctrl+C or Esc, as the seed's KeyboardInterrupt
  }
}
