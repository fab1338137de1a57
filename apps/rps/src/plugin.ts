// The RPS plugin for `paperclip`: the game the platform hosts (id 1) and its player side for the CLI.
import type { PaperclipPlugin } from '@paperclip/cli';
import { rpsCliGame } from './cli/rps-cli-game.ts';
import { createRpsGame } from './server/rps-game.ts';

/** Listed as "@paperclip/rps/plugin" in PAPERCLIP_PLUGINS or in package.json's `paperclip.plugins`. */
const plugin: PaperclipPlugin = {
  name: 'rps',
  games: [createRpsGame()],
  players: [rpsCliGame],
};

export default plugin;
