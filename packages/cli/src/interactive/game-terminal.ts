// The GameTerminal a game screen draws on, made of the interactive client's own prompts (@clack/prompts).
import * as clack from '@clack/prompts';
import pc from 'picocolors';
import type { GameTerminal } from '../plugins/cli-game.ts';

/** The client's terminal for game screens: its log lines, spinner and a one-key prompt. */
export const gameTerminal: GameTerminal = {
  step: (text) => clack.log.step(text),
  info: (text) => clack.log.info(text),
  success: (text) => clack.log.success(text),
  warn: (text) => clack.log.warn(text),
  error: (text) => clack.log.error(text),
  message: (text) => clack.log.message(text),
  spinner: () => clack.spinner(),
  async pickKey(message, keys, signal) {
    const key = await clack.selectKey({
      message,
      // clack's Option type is conditional on Key, which TypeScript cannot resolve for a generic Key.
      options: keys.map((key) => ({ value: key.value, label: key.label })) as Parameters<
        typeof clack.selectKey<(typeof keys)[number]['value']>
      >[0]['options'],
      ...(signal === undefined ? {} : { signal }),
    });
    return clack.isCancel(key) ? undefined : key;
  },
  paint: pc,
};
