// `npx paperclip` with no arguments: the seed's interactive client (start menu, main menu, friends, games, lobbies).
import { PlatformClient, type PlatformSession } from '@paperclip/platform/client';
import pc from 'picocolors';
import { attempt, friendsMenu, type GameSettings, gamesMenu, lobbyMenu } from './menus.ts';
import { ask, askPassword, choose, intro, log, outro } from './prompts.ts';

/** Runs the interactive client against the platform at `baseUrl` until the user quits. */
export async function runInteractive(baseUrl: string, settings: GameSettings): Promise<void> {
  intro(pc.magenta('Paperclip'));
  log.info(`Server: ${baseUrl}`);
  const client = new PlatformClient(baseUrl);
  for (;;) {
    const action = await choose('Lobby', [
      { value: 'login', label: 'Login' },
      { value: 'register', label: 'Register' },
      { value: 'quit', label: 'Quit' },
    ]);
    if (action === undefined || action === 'quit') break;
    let session: PlatformSession | undefined;
    await attempt(settings.games, async () => {
      session = action === 'login' ? await login(client) : await register(client);
    });
    if (session !== undefined) await mainMenu(session, settings);
  }
  outro('Goodbye.');
}

async function login(client: PlatformClient): Promise<PlatformSession | undefined> {
  const username = await ask('Username', { required: true });
  if (username === undefined) return undefined;
  const password = await askPassword('Password');
  if (password === undefined) return undefined;
  return client.login(username, password);
}

async function register(client: PlatformClient): Promise<PlatformSession | undefined> {
  const username = await ask('Username', { required: true });
  if (username === undefined) return undefined;
  const password = await askPassword('Password');
  if (password === undefined) return undefined;
  const account = await client.register(username, password);
  log.success(`Account created for '${account.username}'.`);
  return client.login(username, password);
}

async function mainMenu(session: PlatformSession, settings: GameSettings): Promise<void> {
  log.success(`Hello ${session.account.username}.`);
  for (;;) {
    const action = await choose('Main menu', [
      { value: 'friends', label: 'Manage friends' },
      { value: 'games', label: 'See available games' },
      { value: 'lobby', label: 'Start or join a lobby' },
      { value: 'quit', label: 'Quit' },
    ]);
    if (action === undefined || action === 'quit') return;
    await attempt(settings.games, async () => {
      if (action === 'friends') await friendsMenu(session, settings.games);
      else if (action === 'games') await gamesMenu(session, settings.games);
      else await lobbyMenu(session, settings);
    });
  }
}
