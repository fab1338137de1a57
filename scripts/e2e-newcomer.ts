// `npm run e2e:newcomer`: a newcomer's first five minutes in tmux, from a fresh clone to a finished RPS round.
//
// In a temporary folder: `git clone` of this checkout, then the README's commands as typed (its
// `<!-- doc-test: newcomer=NAME -->` blocks): `npm ci` and `npm start` in one tmux window, `npx paperclip` in two
// more; two players register, matchmake, play a round, leave and quit. Then the README's other blocks: scripted
// players, the scores with a token, the echo tools; Ctrl-C stops the server. Every screen passed is checked
// (test/e2e/newcomer-screens.ts). Out come a steps table, the time from `npm start` to the first finished round,
// bench/results/e2e-newcomer.json and the final screens (bench/results/e2e-newcomer-screens.txt); exit 1 with the
// failing screen on any mismatch.
//
// Env: E2E_NPM_CI_FLAGS (extra `npm ci` flags; CI passes --prefer-offline), E2E_KEEP=1 keeps the temp folder and
// the tmux session (`tmux -L <socket> attach`), E2E_INSTALL_TIMEOUT_MS (default 900000).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportBench } from '../bench/report.ts';
import {
  type ExpectedScreen,
  FAILED_COMMAND,
  MENU,
  PICKS,
  SCREENS,
  STACK_TRACE,
  STEP_TIMEOUT_MS,
} from '../test/e2e/newcomer-screens.ts';
import { commandsOf, newcomerBlocks } from '../test/e2e/readme-blocks.ts';
import { ScreenMismatch, TmuxSession } from '../test/e2e/tmux-session.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const screensFile = join(root, 'bench/results/e2e-newcomer-screens.txt');
const keep = process.env['E2E_KEEP'] === '1';
const npmCiFlags = process.env['E2E_NPM_CI_FLAGS'] ?? '';
const password = 'correct horse battery';
/** How much of a failing screen is printed (all of it is in the screens file). */
const SHOWN_LINES = 40;
// Fixed names keep the captured screens stable; the data folder is inside the fresh clone, so they are free.
const players = { player1: 'ana', player2: 'ben' } as const;
type Player = keyof typeof players;

/** One row of the steps table. */
interface StepRow {
  step: string;
  window: string;
  'at (s)': number;
  'took (s)': number;
}

const startedAt = performance.now();
const steps: StepRow[] = [];
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Runs one step and records its wall time; the step's name says what screen it ends on. */
async function step(name: string, window: string, run: () => Promise<unknown>): Promise<void> {
  const began = performance.now();
  const record = (label: string) => {
    const now = performance.now();
    steps.push({ step: label, window, 'at (s)': seconds(now - startedAt), 'took (s)': seconds(now - began) });
  };
  try {
    await run();
  } catch (error) {
    record(`FAILED: ${name}`);
    throw error;
  }
  record(name);
}

/** Listens on `port` (0: the OS picks) and closes; the port it got, or undefined when `port` is taken. */
async function tryPort(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<boolean>((done) => {
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => done(true));
  });
  if (!bound) return undefined;
  const address = server.address();
  await new Promise((done) => server.close(done));
  return address !== null && typeof address === 'object' ? address.port : undefined;
}

/** A TCP port nobody listens on now (the OS's pick), for the platform's TCP_PORT. */
async function freePort(): Promise<number> {
  const port = await tryPort(0);
  if (port === undefined) throw new Error('the OS gave no free TCP port on 127.0.0.1');
  return port;
}

/**
 * The environment a newcomer's terminal would have: this process's, minus what `npm run` added (this checkout's
 * node_modules/.bin on PATH, npm_* config, NODE_OPTIONS' source condition), so nothing leaks from the checkout.
 */
function newcomerEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_OPTIONS$|INIT_CWD$|TMUX)/i.test(key)) continue;
    env[key] = value;
  }
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules/.bin') && !dir.startsWith(root))
    .join(delimiter);
  return { ...env, TCP_PORT: String(port), TERM: 'xterm-256color' };
}

const port = await freePort();
const echoPort = await freePort();
const folder = mkdtempSync(join(tmpdir(), 'paperclip-newcomer-'));
const clone = join(folder, 'paperclip');
const tmux = new TmuxSession({ cwd: folder, env: newcomerEnv(port) });
let firstRoundMs = 0;
let npmCiMs = 0;
let serverReadyMs = 0;
let failed = false;

/** Waits for one expected screen in a window. */
function expect(window: string, screen: ExpectedScreen, from = 0): Promise<string> {
  return tmux.waitFor(window, screen.pattern, screen.timeoutMs, from);
}

/** Types a shell command followed by an exit-status marker, and waits for `done` (by default: status 0). */
async function shell(
  window: string,
  command: string,
  done: ExpectedScreen = SCREENS.exitZero,
): Promise<void> {
  const from = tmux.screen(window).length;
  tmux.type(window, `${command}; echo "[e2e] exit $?"`);
  await tmux.waitFor(window, done.pattern, done.timeoutMs, from, FAILED_COMMAND);
}

/** A README command with the README's fixed ports replaced by this run's free ones. */
function local(command: string): string {
  return command.replaceAll(':5000', `:${port}`).replaceAll('40100', String(echoPort));
}

/** `npx paperclip` → start menu → Register → the main menu, logged in. */
async function register(player: Player): Promise<void> {
  const name = players[player];
  await step(`${readme.play} → start menu`, player, async () => {
    tmux.type(player, readme.play);
    await expect(player, SCREENS.startMenu);
  });
  await step(`register ${name} → main menu`, player, async () => {
    await tmux.choose(player, MENU.register, STEP_TIMEOUT_MS);
    await expect(player, SCREENS.username);
    tmux.type(player, name);
    await expect(player, SCREENS.password);
    tmux.type(player, password);
    await expect(player, SCREENS.registered(name));
  });
}

/** Main menu → Start or join a lobby → Matchmaking → RPS → the game screen. */
async function matchmake(player: Player, arrival: ExpectedScreen): Promise<void> {
  await step('lobby → matchmaking → RPS → game screen', player, async () => {
    await tmux.choose(player, MENU.lobbies, STEP_TIMEOUT_MS);
    await tmux.choose(player, MENU.matchmaking, STEP_TIMEOUT_MS);
    await tmux.choose(player, MENU.rps, STEP_TIMEOUT_MS);
    await expect(player, arrival);
  });
}

/** Lobby menu → main menu → Quit → "Goodbye." at the shell, exit status 0. */
async function quit(player: Player): Promise<void> {
  await step('return to main menu → Quit → Goodbye, exit 0', player, async () => {
    await tmux.choose(player, MENU.backToMain, STEP_TIMEOUT_MS);
    await tmux.choose(player, MENU.quit, STEP_TIMEOUT_MS);
    await expect(player, SCREENS.goodbye);
    await shell(player, 'true');
  });
}

/**
 * The README's other blocks against the running platform: the two scripted players (one terminal each, at once:
 * the first waits for the second), the scores with a token, then the echo server and client.
 */
async function readmeBlocks(blocks: ReturnType<typeof newcomerBlocks>): Promise<void> {
  const [mario = '', peach = ''] = commandsOf(blocks['scripted-players']);
  tmux.openWindow('script1', clone);
  tmux.openWindow('script2', clone);
  await step('README: play rps, two scripted players', 'script1+2', async () => {
    await Promise.all([
      shell('script1', mario, SCREENS.scriptedFinished),
      shell('script2', peach, SCREENS.scriptedFinished),
    ]);
  });
  await step('README: token, then GET /scores/', 'script1', async () => {
    const [token = '', scores = ''] = commandsOf(blocks.scores).map(local);
    await shell('script1', token);
    await shell('script1', scores, SCREENS.scores);
  });
  const [server = '', client = ''] = commandsOf(blocks.echo).map(local);
  await step('README: echo-server, echo-client, Ctrl-C', 'script1+2', async () => {
    tmux.type('script2', server);
    await expect('script2', SCREENS.echoServerReady);
    await shell('script1', client, SCREENS.echoed);
    // Ctrl-C stops the echo server; the shell then runs what was typed meanwhile.
    tmux.keys('script2', 'C-c');
    await shell('script2', 'true');
  });
}

/** The README's blocks, as the clone has them: what a newcomer reads is what this test types. */
let readme: { install: string; start: string; play: string };
let blocks: ReturnType<typeof newcomerBlocks>;

try {
  tmux.openWindow('server');
  await step(`git clone ${root}`, 'server', () =>
    shell('server', `git clone -q ${root} paperclip && cd paperclip`),
  );
  blocks = newcomerBlocks(readFileSync(join(clone, 'README.md'), 'utf8'));
  const [install = 'npm ci', start = 'npm start'] = commandsOf(blocks.server);
  readme = { install: `${install} ${npmCiFlags}`.trim(), start, play: commandsOf(blocks.player)[0]! };

  await step(readme.install, 'server', async () => {
    const began = performance.now();
    await shell('server', readme.install, SCREENS.installed);
    npmCiMs = performance.now() - began;
  });
  const npmStart = performance.now();
  await step(`${readme.start} → server banner`, 'server', async () => {
    tmux.type('server', readme.start);
    await expect('server', SCREENS.serverReady);
    serverReadyMs = performance.now() - npmStart;
  });

  tmux.openWindow('player1', clone);
  tmux.openWindow('player2', clone);
  await Promise.all([register('player1'), register('player2')]);
  await matchmake('player1', SCREENS.waitingForOpponent);
  await matchmake('player2', SCREENS.opponentHere);
  await step('opponent arrived → player1 told', 'player1', () => expect('player1', SCREENS.opponentArrived));
  await step(`round 1: ${PICKS.player1} vs ${PICKS.player2} → both see the result`, 'both', async () => {
    tmux.typeRaw('player1', PICKS.player1);
    tmux.typeRaw('player2', PICKS.player2);
    await Promise.all([expect('player1', SCREENS.roundWon), expect('player2', SCREENS.roundLost)]);
    firstRoundMs = performance.now() - npmStart;
  });
  await step('player1 leaves (q) → both see the end', 'both', async () => {
    tmux.typeRaw('player1', PICKS.leave);
    await Promise.all([expect('player1', SCREENS.leftGame), expect('player2', SCREENS.opponentLeft)]);
  });
  await Promise.all([quit('player1'), quit('player2')]);

  await readmeBlocks(blocks);
  await step('Ctrl-C → server stopped', 'server', async () => {
    tmux.keys('server', 'C-c');
    await expect('server', SCREENS.serverStopped);
  });
  for (const window of tmux.windows) {
    const screen = tmux.screen(window);
    if (STACK_TRACE.test(screen)) throw new ScreenMismatch(window, 'no stack trace', screen);
  }
} catch (error) {
  failed = true;
  console.error(`\nFAILED: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof ScreenMismatch) {
    console.error(`Its last ${SHOWN_LINES} lines:\n`);
    console.error(error.screen.split('\n').slice(-SHOWN_LINES).join('\n'));
  }
} finally {
  writeFileSync(
    screensFile,
    tmux.windows.map((window) => `===== tmux window: ${window} =====\n${tmux.screen(window)}\n`).join('\n'),
  );
  if (keep) console.log(`kept ${folder}; watch with: tmux -L ${tmux.socket} attach`);
  else {
    tmux.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

// Clean-up check: Ctrl-C stopped the platform and the tmux server is gone, so its port is free again.
if (!keep && (await tryPort(port)) === undefined) {
  failed = true;
  console.error(`FAILED: port ${port} is still taken after the clean-up: a platform outlived its terminal.`);
}
console.table(steps);
console.log(`final screens: ${screensFile}`);
if (failed) process.exit(1);
console.log(
  `npm ci: ${seconds(npmCiMs)} s; npm start → server banner: ${seconds(serverReadyMs)} s; ` +
    `npm start → first finished round: ${seconds(firstRoundMs)} s`,
);
reportBench('e2e-newcomer', [
  { name: `npm ci ${npmCiFlags}`.trim(), metric: 'wall', value: seconds(npmCiMs), unit: 's' },
  { name: 'npm start → server banner', metric: 'wall', value: seconds(serverReadyMs), unit: 's' },
  { name: 'npm start → first finished round', metric: 'wall', value: seconds(firstRoundMs), unit: 's' },
  {
    name: 'e2e total (clone → server stopped)',
    metric: 'wall',
    value: seconds(performance.now() - startedAt),
    unit: 's',
  },
]);
