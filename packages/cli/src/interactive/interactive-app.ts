// `npx paperclip` with no arguments: the seed's interactive client (start menu, main menu, friends, games, lobbies).
import { PlatformClient, type PlatformSession } from '@paperclip/platform/client';
import pc from 'picocolors';
import { login, register } from './account-prompts.ts';
import { onInterrupt, QuitRequest } from './ctrl-c.ts';
import { attempt, friendsMenu, type GameSettings, gamesMenu, lobbyMenu } from './menus.ts';
import { choose, intro, log, outro } from './prompts.ts';
import { checkServer } from './server-check.ts';

/** The start menu's title: what the user can do there. */
const START_MENU_TITLE = 'Welcome — log in or create an account';

/** Shows the cursor again (clack hides it while a prompt or spinner is drawn). */
const SHOW_CURSOR = '\u001B[?25h';

/**
 * Runs the interactive client against the platform at `baseUrl` until the user quits ("Quit", or Ctrl-C
 * anywhere). Throws a UserError before asking anything when no platform answers there.
 */
export async function runInteractive(baseUrl: string, settings: GameSettings): Promise<void> {
  // Ctrl-C while no prompt holds the terminal (a request, a game waiting): leave at once, terminal restored.
  const stopWatching = onInterrupt(() => {
    process.stdout.write(SHOW_CURSOR);
    outro('Goodbye.');
    process.exit(0);
  });
  try {
    await checkServer(baseUrl);
    intro(pc.magenta('Paperclip'));
    log.info(`Server: ${baseUrl}`);
    await startMenu(new PlatformClient(baseUrl), settings);
  } catch (error) {
    if (!(error instanceof QuitRequest)) throw error;
  } finally {
    stopWatching();
  }
  outro('Goodbye.');
}

/** Log in or register, then the main menu; back here after "Log out". Returns when the user quits. */
async function startMenu(client: PlatformClient, settings: GameSettings): Promise<void> {
  for (;;) {
    const action = await choose(START_MENU_TITLE, [
      { value: 'login', label: 'Login' },
      { value: 'register', label: 'Register' },
      { value: 'quit', label: 'Quit' },
    ]);
    if (action === undefined || action === 'quit') return;
    let session: PlatformSession | undefined;
    await attempt(settings.games, async () => {
      session = action === 'login' ? await login(client) : await register(client);
    });
    if (session === undefined) continue;
    if ((await mainMenu(session, settings)) === 'quit') return;
    log.info('Logged out.');
  }
}

/** The menu after login; "Log out" (or Esc) goes back to the start menu, "Quit" leaves the program. */
async function mainMenu(session: PlatformSession, settings: GameSettings): Promise<'logout' | 'quit'> {
  log.success(`Hello ${session.account.username}.`);
  for (;;) {
    const action = await choose('Main menu', [
      { value: 'friends', label: 'Manage friends' },
      { value: 'games', label: 'See available games' },
      { value: 'lobby', label: 'Start or join a lobby' },
      { value: 'logout', label: 'Log out' },
      { value: 'quit', label: 'Quit' },
    ]);
    if (action === 'quit') return 'quit';
    if (action === undefined || action === 'logout') return 'logout';
    await attempt(settings.games, async () => {
      if (action === 'friends') await friendsMenu(session, settings.games);
      else if (action === 'games') await gamesMenu(session, settings.games);
      else await lobbyMenu(session, settings);
    });
  }
}
