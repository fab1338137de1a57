// `paperclip play rps`: plays a list of moves non-interactively (for scripts, bots and tests) and exits 0 when the game finished.
import { parseMoves } from '@paperclip/rps';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { action, parsePort, parsePositiveInteger, parseSeconds, UserError } from '../cli-errors.ts';
import { platformUrl } from '../interactive/server-address.ts';
import { asUserError } from '../interactive/user-errors.ts';
import { playScripted } from './play-runner.ts';

interface PlayFlags {
  user: string;
  password: string;
  register?: boolean;
  matchmake?: boolean;
  lobby?: number;
  moves: string;
  json?: boolean;
  server?: string;
  host?: string;
  port?: number;
  timeout?: number;
}

function parseMoveList(text: string): string {
  try {
    parseMoves(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return text;
}

/** Registers `play` on the program. */
export function registerPlay(program: Command): void {
  program
    .command('play')
    .description('play a game non-interactively: log in, matchmake or join a lobby, play the given moves')
    .argument('<game>', 'the game to play: rps')
    .requiredOption('-u, --user <username>', 'account username')
    .requiredOption('-p, --password <password>', 'account password')
    .option('--register', 'create the account first (if it exists, just log in)')
    .addOption(new Option('--matchmake', 'join an open lobby or start one (the default)').conflicts('lobby'))
    .addOption(new Option('--lobby <id>', 'join this lobby').argParser(parsePositiveInteger))
    .requiredOption(
      '-m, --moves <moves>',
      'comma-separated moves: r,p,s (or rock/paper/scissors, 0/1/2)',
      parseMoveList,
    )
    .option('--json', 'print one JSON line per event (joined, each round, finished or game-over)')
    .option('--server <url>', 'platform URL (default http://$S_HOST:$TCP_PORT, else http://127.0.0.1:5000)')
    .option('--host <host>', 'platform host (env S_HOST)')
    .option('--port <port>', 'platform HTTP port (env TCP_PORT)', parsePort)
    .option('--timeout <seconds>', 'longest wait for one round (default 120)', parseSeconds)
    .action(
      action(async (gameName: string, flags: PlayFlags) => {
        if (gameName.toLowerCase() !== 'rps') {
          throw new UserError(`"${gameName}" is not a game this command can play; try "rps".`, 2);
        }
        const baseUrl = platformUrl(flags);
        try {
          await playScripted(
            {
              baseUrl,
              user: flags.user,
              password: flags.password,
              register: flags.register === true,
              lobbyId: flags.lobby,
              moves: parseMoves(flags.moves),
              json: flags.json === true,
              roundTimeoutMs: (flags.timeout ?? 120) * 1000,
            },
            (line) => process.stdout.write(`${line}\n`),
          );
        } catch (error) {
          throw asUserError(error);
        }
      }),
    );
}
