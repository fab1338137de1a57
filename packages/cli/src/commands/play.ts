// `paperclip play <game>`: its flags; the game is looked up among the plugins and played in play-run.ts.
import { type Command, Option } from 'commander';
import { action, parsePort, parsePositiveInteger, parseSeconds } from '../cli-errors.ts';
import type { PlayFlags } from './play-run.ts';

/** Registers `play` on the program. */
export function registerPlay(program: Command): void {
  program
    .command('play')
    .description('play a game non-interactively: log in, matchmake or join a lobby, play the given moves')
    .argument('<game>', "the game to play, by name (a plugin's game, e.g. rps)")
    .requiredOption('-u, --user <username>', 'account username')
    .requiredOption('-p, --password <password>', 'account password')
    .option('--register', 'create the account first (if it exists, just log in)')
    .addOption(new Option('--matchmake', 'join an open lobby or start one (the default)').conflicts('lobby'))
    .addOption(new Option('--lobby <id>', 'join this lobby').argParser(parsePositiveInteger))
    .requiredOption('-m, --moves <moves>', 'the moves, as the game reads them (rps: r,p,s or rock,paper,…)')
    .option('--json', 'print one JSON line per event (joined, each round, finished or game-over)')
    .option('--server <url>', 'platform URL (default http://$S_HOST:$TCP_PORT, else http://127.0.0.1:5000)')
    .option('--host <host>', 'platform host (env S_HOST)')
    .option('--port <port>', 'platform HTTP port (env TCP_PORT)', parsePort)
    .option('--timeout <seconds>', 'longest wait for one round (default 120)', parseSeconds)
    .action(
      action(async (gameName: string, flags: PlayFlags) =>
        (await import('./play-run.ts')).runPlay(gameName, flags),
      ),
    );
}
