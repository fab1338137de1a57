// The GameTerminal a game screen draws on, made of the interactive client's own prompts (@clack/prompts).
import { emitKeypressEvents } from 'node:readline';
import { PassThrough } from 'node:stream';
import * as clack from '@clack/prompts';
import pc from 'picocolors';
import type { GameTerminal, HeldKeyboard, KeyChoice, TerminalSpinner } from '../plugins/cli-game.ts';

/*
 * Why the keyboard is held for a whole game screen. clack puts the terminal in raw mode only while one of its
 * prompts is open, and a prompt that had closed was closed again by its re-prompt timer (see pickHeldKey), which
 * turned raw mode off under the prompt open then: keys typed there were echoed by the cooked terminal ("psr")
 * and held back until Enter. Keys of a quick burst after the first were dropped (the prompt that took the first
 * had stopped listening), and keys typed while clack's spinner ran went to the spinner's own readline, which
 * keeps them. Held, stdin stays raw and every key lands in one queue; each prompt reads a stream fed from it.
 */

const CTRL_C = '\u0003';
const ESCAPE = '\u001b';
const isCancelKey = (sequence: string) => sequence === CTRL_C || sequence === ESCAPE;

/** stdin in raw mode with every key queued in order; prompts take keys from here instead of from stdin. */
class KeyboardHold implements HeldKeyboard {
  readonly #input: NodeJS.ReadStream;
  readonly #leaveKeys: readonly string[];
  readonly #leave = new AbortController();
  readonly #queue: string[] = [];
  /** The open prompt's consumer: true when it took (or dropped) the key, false to queue it for the next one. */
  #consumer: ((sequence: string) => boolean) | undefined;

  constructor(input: NodeJS.ReadStream, leaveKeys: readonly string[]) {
    this.#input = input;
    this.#leaveKeys = leaveKeys;
    emitKeypressEvents(input);
    input.on('keypress', this.#onKey);
    if (input.isTTY) input.setRawMode(true);
    input.resume();
  }

  get leave(): AbortSignal {
    return this.#leave.signal;
  }

  release(): void {
    this.#input.off('keypress', this.#onKey);
    if (this.#input.isTTY) this.#input.setRawMode(false);
    this.#input.pause();
  }

  /** Hands keys to `consumer` (queued ones first) until the returned function is called. */
  lend(consumer: (sequence: string) => boolean): () => void {
    this.#consumer = consumer;
    while (this.#queue.length > 0 && consumer(this.#queue[0] as string)) this.#queue.shift();
    return () => {
      if (this.#consumer === consumer) this.#consumer = undefined;
    };
  }

  readonly #onKey = (text: string | undefined, key: { sequence?: string } | undefined): void => {
    const sequence = key?.sequence ?? text;
    if (sequence === undefined || sequence === '') return;
    if (this.#consumer?.(sequence) === true) return;
    if (this.#consumer !== undefined) {
      this.#queue.push(sequence);
      return;
    }
    if (isCancelKey(sequence) || this.#leaveKeys.includes(sequence.toLowerCase())) this.#leave.abort();
    else this.#queue.push(sequence);
  };
}

let held: KeyboardHold | undefined;

/** A one-key prompt (clack's selectKey) reading from the held keyboard: one valid key or a cancel reaches it. */
async function pickHeldKey<Key extends string>(
  hold: KeyboardHold,
  message: string,
  keys: readonly KeyChoice<Key>[],
  signal: AbortSignal | undefined,
): Promise<Key | undefined> {
  const input = new PassThrough();
  let fed = false;
  const giveBack = hold.lend((sequence) => {
    // One key decides the prompt; later ones wait for the next prompt. Keys it does not offer are dropped.
    if (fed) return false;
    const valid = isCancelKey(sequence) || keys.some((key) => key.value === sequence.toLowerCase());
    if (!valid) return true;
    fed = true;
    input.write(sequence);
    return true;
  });
  // clack never removes its listener from the signal it is given: when a signal passed in (the re-prompt timer)
  // fired after its prompt had closed, clack closed that prompt again, turning raw mode off under the next one.
  // So clack gets a signal of its own, unhooked from the caller's as soon as the prompt is over.
  const own = new AbortController();
  const abort = () => own.abort();
  signal?.addEventListener('abort', abort, { once: true });
  if (signal?.aborted) own.abort();
  try {
    const key = await clack.selectKey({
      message,
      input,
      // clack's Option type is conditional on Key, which TypeScript cannot resolve for a generic Key.
      options: keys.map((key) => ({ value: key.value, label: key.label })) as Parameters<
        typeof clack.selectKey<Key>
      >[0]['options'],
      signal: own.signal,
    });
    return clack.isCancel(key) ? undefined : key;
  } finally {
    signal?.removeEventListener('abort', abort);
    giveBack();
    input.destroy();
  }
}

/** A spinner that never reads stdin (clack's does, through a readline that echoes and keeps keys). */
function quietSpinner(output: NodeJS.WriteStream = process.stdout): TerminalSpinner {
  const frames = ['◒', '◐', '◓', '◑'];
  let timer: NodeJS.Timeout | undefined;
  let text = '';
  const draw = (frame: string) => output.write(`\r\u001b[2K${pc.magenta(frame)}  ${text}`);
  const end = (symbol: string, final: string) => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    output.write(`\r\u001b[2K${symbol}  ${final}\n`);
  };
  return {
    start(message) {
      text = message;
      output.write(`${pc.gray('│')}\n`);
      let index = 0;
      draw(frames[0] as string);
      if (output.isTTY) timer = setInterval(() => draw(frames[++index % frames.length] as string), 80);
    },
    stop: (message) => end(pc.green('◇'), message),
    error: (message) => end(pc.red('■'), message),
  };
}

/** The client's terminal for game screens: its log lines, spinner and a one-key prompt. */
export const gameTerminal: GameTerminal = {
  step: (text) => clack.log.step(text),
  info: (text) => clack.log.info(text),
  success: (text) => clack.log.success(text),
  warn: (text) => clack.log.warn(text),
  error: (text) => clack.log.error(text),
  message: (text) => clack.log.message(text),
  spinner: () => (held === undefined ? clack.spinner() : quietSpinner()),
  async pickKey(message, keys, signal) {
    if (held !== undefined) return pickHeldKey(held, message, keys, signal);
    // Not held: the keyboard is held for this one prompt only.
    const hold = new KeyboardHold(process.stdin, []);
    try {
      return await pickHeldKey(hold, message, keys, signal);
    } finally {
      hold.release();
    }
  },
  holdKeys(leaveKeys) {
    const hold = new KeyboardHold(process.stdin, leaveKeys);
    held = hold;
    return {
      leave: hold.leave,
      release() {
        if (held === hold) held = undefined;
        hold.release();
      },
    };
  },
  paint: pc,
};
