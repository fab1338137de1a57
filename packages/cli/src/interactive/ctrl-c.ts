// Ctrl-C leaves the interactive client from anywhere: at a prompt (a key in raw mode) or between prompts (SIGINT).
import { emitKeypressEvents } from 'node:readline';

/**
 * Thrown by a prompt when the user pressed Ctrl-C: it unwinds every menu up to `runInteractive`, which says
 * "Goodbye." and returns (exit status 0). Esc, which clack also reports as a cancel, still steps back one menu.
 */
export class QuitRequest extends Error {
  constructor() {
    super('The user pressed Ctrl-C.');
    this.name = 'QuitRequest';
  }
}

/** The key readline reports for Ctrl-C in raw mode. */
const CTRL_C = '\u0003';

/**
 * Runs `work` (one prompt, or a game screen with prompts of its own) and throws {@link QuitRequest} once it is
 * done if Ctrl-C was pressed meanwhile. clack answers Ctrl-C and Esc with the same cancel symbol, so the key
 * itself is watched here to tell them apart.
 *
 * @example
 * const answer = await untilCtrlC(() => clack.text({ message: 'Username' })); // throws QuitRequest on Ctrl-C
 */
export async function untilCtrlC<T>(work: () => Promise<T>, input = process.stdin): Promise<T> {
  let pressed = false;
  const onKey = (text: string | undefined, key: { sequence?: string } | undefined) => {
    if (text === CTRL_C || key?.sequence === CTRL_C) pressed = true;
  };
  // clack's readline does this too (it is idempotent); done here so the listener works before its first prompt.
  emitKeypressEvents(input);
  input.on('keypress', onKey);
  try {
    const result = await work();
    if (pressed) throw new QuitRequest();
    return result;
  } finally {
    input.off('keypress', onKey);
  }
}

/**
 * Makes SIGINT (Ctrl-C while no prompt holds the terminal: a request or a game waiting) call `leave` once
 * the listeners registered after this one (clack's spinner stops itself on SIGINT) have run. Returns the
 * function that removes the handler.
 */
export function onInterrupt(leave: () => void): () => void {
  const handler = () => setImmediate(leave);
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
