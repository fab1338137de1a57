// What a Paperclip plugin module exports: games for the platform to host and their player sides for the CLI.
import type { GamePlugin } from '@paperclip/platform';
import type { CliGame } from './cli-game.ts';

/**
 * A plugin: the default export (or the export named `plugin`) of a module listed in PAPERCLIP_PLUGINS or in the
 * `paperclip.plugins` array of the project's package.json.
 *
 * ```ts
 * const plugin: PaperclipPlugin = { name: 'rps', games: [createRpsGame()], players: [rpsPlayer] };
 * export default plugin;
 * ```
 */
export interface PaperclipPlugin {
  /** Shown in error messages, e.g. "rps". */
  name: string;
  /** Games `paperclip serve` hosts, beside the platform's built-in ones. */
  games?: readonly GamePlugin[];
  /** Player sides for `paperclip play <game>` and the interactive client. */
  players?: readonly CliGame[];
}
