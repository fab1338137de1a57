// The RPS screen: pick R, P or S with the seed's 10 s input loop (re-prompt on timeout, q leaves), see each result.
import * as clack from '@clack/prompts';
import { type Choice, EventQueue, parseChoice, type RpsEvent, type RpsPlayer } from '@paperclip/rps';
import pc from 'picocolors';
import { log, spinner } from './prompts.ts';
import { gameOverText, roundText } from './round-text.ts';

/** The seed's gameloop waits this long for a pick before asking again. */
export const INPUT_TIMEOUT_MS = 10_000;

type Result = Exclude<RpsEvent, { type: 'state' }>;

/** Plays until the user leaves or the game ends; resolves when the player is back in the menus. */
export async function playRpsScreen(player: RpsPlayer, inputTimeoutMs = INPUT_TIMEOUT_MS): Promise<void> {
  log.step(pc.magenta('Rock Paper Scissors'));
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
    if (!opponentHere) log.info('Waiting for an opponent… you can pick already.');
    const choice = await pickWithTimeout(ended.signal, inputTimeoutMs);
    if (choice === 'ended') break;
    if (choice === 'quit') {
      log.warn('Quitting. Please wait…');
      await player.leave();
      log.info('You left the game.');
      return;
    }
    player.choose(choice);
    const wait = spinner();
    wait.start('Waiting for the other player…');
    const result = await results.take();
    wait.stop(result.type === 'round' ? 'Both picked.' : 'The game has ended.');
    if (result.type === 'round') {
      log.message(roundText(result));
      continue;
    }
    results.push(result);
    break;
  }
  let end = await results.take();
  while (end.type === 'round') end = await results.take();
  if (end.type === 'game-over') log.warn(gameOverText(end));
  else if (end.type === 'closed') log.error(`The game server closed the connection: ${end.message}`);
  await player.leave().catch(() => undefined);
}

/** Asks for R/P/S until one is given ('quit' for q or Ctrl+C); re-asks every `timeoutMs`, as the seed. */
async function pickWithTimeout(ended: AbortSignal, timeoutMs: number): Promise<Choice | 'quit' | 'ended'> {
  for (;;) {
    if (ended.aborted) return 'ended';
    const timeout = AbortSignal.timeout(timeoutMs);
    const key = await clack.selectKey({
      message: 'Your pick: r rock, p paper, s scissors (q leaves)',
      options: [
        { value: 'r', label: 'Rock' },
        { value: 'p', label: 'Paper' },
        { value: 's', label: 'Scissors' },
        { value: 'q', label: 'Leave the game' },
      ],
      signal: AbortSignal.any([timeout, ended]),
    });
    if (!clack.isCancel(key)) {
      if (key === 'q') return 'quit';
      const choice = parseChoice(key);
      if (choice !== undefined) return choice;
      continue;
    }
    if (ended.aborted) return 'ended';
    if (!timeout.aborted) return 'quit'; // Ctrl+C or Esc, as the seed's KeyboardInterrupt
  }
}
