// Public API of @paperclip/cli: the plugin contract apps implement (types only, so importing it loads nothing).
export type {
  CliGame,
  GameTerminal,
  InteractivePlay,
  KeyChoice,
  ScriptedPlay,
  TerminalSpinner,
  TextPaint,
} from './plugins/cli-game.ts';
export type { PaperclipPlugin } from './plugins/paperclip-plugin.ts';
