// What the newcomer test expects on each screen it passes: the one place to update when a screen's wording changes.
// Texts come from docs and the helpers' contracts (/work/notes/contracts.md, issue 10): server banner (platform
// `npm start`), start menu, registration, menus, the RPS game screen, quitting.

/** Menu labels the test picks (by label, not by position). */
export const MENU = {
  register: 'Register',
  lobbies: 'Start or join a lobby',
  matchmaking: 'Matchmaking',
  rps: 'RPS',
  backToMain: 'Return to main menu',
  quit: 'Quit',
} as const;

/** The picks the two players make in round 1: player 1 wins. */
export const PICKS = { player1: 'r', player2: 's', leave: 'q' } as const;

/** A screen the test waits for, and how long it may take to appear. */
export interface ExpectedScreen {
  /** What the screen is, as the steps table prints it. */
  what: string;
  pattern: RegExp;
  timeoutMs: number;
}

/** The deadline of a screen that follows a key press (menus, prompts, results). */
export const STEP_TIMEOUT_MS = 20_000;
const SHORT = STEP_TIMEOUT_MS;

/** Every screen the test checks, in the order it passes them. */
export const SCREENS = {
  /** `npm ci` ends with exit status 0 (the marker the test types after every shell command). */
  installed: {
    what: 'npm ci finished (exit 0)',
    pattern: /\[e2e\] exit 0\n/,
    timeoutMs: Number(process.env['E2E_INSTALL_TIMEOUT_MS'] ?? 900_000),
  },
  /** The platform's start-up banner (stderr, after the logs): ready, and the next command, run in this folder. */
  serverReady: {
    what: 'banner: ready, "npx paperclip" in two more terminals',
    pattern:
      /Paperclip is ready\.[\s\S]*To play, open two more terminals in this folder and run in each:\s*\n\s*npx paperclip\b/,
    timeoutMs: 60_000,
  },
  /** `npx paperclip`'s start menu, named for what it is. */
  startMenu: {
    what: 'start menu: Welcome — Login / Register / Quit',
    pattern: /◆ {2}Welcome — log in or create an account\n│ {2}● Login\n│ {2}○ Register\n│ {2}○ Quit/,
    timeoutMs: 60_000,
  },
  username: { what: 'Username prompt', pattern: /◆ {2}Username/, timeoutMs: SHORT },
  password: { what: 'Password prompt', pattern: /◆ {2}Password/, timeoutMs: SHORT },
  /** Registration logs the new account in. */
  registered: (name: string): ExpectedScreen => ({
    what: `account created, "Hello ${name}." and the main menu`,
    pattern: new RegExp(`Account created for '${name}'[\\s\\S]*Hello ${name}\\.[\\s\\S]*Main menu`),
    timeoutMs: SHORT,
  }),
  /** The first player in the lobby waits, and may pick already. */
  waitingForOpponent: {
    what: 'game screen: waiting for an opponent, pick prompt',
    pattern: /Waiting for an opponent[\s\S]*Your pick/,
    timeoutMs: SHORT,
  },
  /** The second player finds the opponent there: never told to wait. */
  opponentHere: {
    what: 'game screen: "Your opponent is here", pick prompt',
    pattern: /Connected to lobby[\s\S]*Your opponent is here: the game is on\.[\s\S]*Your pick/,
    timeoutMs: SHORT,
  },
  /** The first player is told when the opponent arrives. */
  opponentArrived: {
    what: 'game screen: "Your opponent has joined"',
    pattern: /Waiting for an opponent[\s\S]*Your opponent has joined: the game is on\.[\s\S]*Your pick/,
    timeoutMs: SHORT,
  },
  roundWon: {
    what: 'round 1 result: WIN 1:0',
    pattern: /Round 1: you WIN\. You picked rock\. They picked scissors\. The score is 1:0\./,
    timeoutMs: SHORT,
  },
  roundLost: {
    what: 'round 1 result: LOSE 0:1',
    pattern: /Round 1: you LOSE\. You picked scissors\. They picked rock\. The score is 0:1\./,
    timeoutMs: SHORT,
  },
  /** The player who leaves sees they left, with the final score, back in the lobby menu. */
  leftGame: {
    what: 'left the game: final score 1:0, lobby menu',
    pattern: /You left the game after 1 round\. Final score 1:0\.[\s\S]*Return to main menu/,
    timeoutMs: SHORT,
  },
  /** The one who stays is told the opponent left, with the final score. */
  opponentLeft: {
    what: 'opponent left: final score 0:1, lobby menu',
    pattern: /Your opponent left[^\n]*Final score 0:1[\s\S]*Return to main menu/,
    timeoutMs: SHORT,
  },
  /** Quitting ends the program, back at the shell. */
  goodbye: { what: '"Goodbye." and the shell again', pattern: /Goodbye\.[\s\S]*\n\$$/, timeoutMs: SHORT },
  /** Ctrl-C stops the platform cleanly. */
  serverStopped: {
    what: 'server stopped on Ctrl-C, shell again',
    pattern: /stopped[\s\S]*\n\$$/,
    timeoutMs: SHORT,
  },
  /** The README's scripted players: each finishes its game. */
  scriptedFinished: {
    what: 'play rps --json: "finished", exit 0',
    pattern: /"event":"finished"[^\n]*\n\[e2e\] exit 0\n/,
    timeoutMs: 60_000,
  },
  /** The README's scores commands: a token, then the scores of the scripted game. */
  scores: {
    what: 'GET /scores/ with a token: mario and peach',
    // curl prints the JSON without a newline: the exit marker follows on the same line.
    pattern: /"game-name":"RPS","scores":\[[^\n]*"username":"mario"[^\n]*\[e2e\] exit 0\n/,
    timeoutMs: SHORT,
  },
  echoServerReady: {
    what: 'echo server listening',
    pattern: /echo server listening on udp/,
    timeoutMs: 30_000,
  },
  /** The README's echo client: every message echoed, exit 0. */
  echoed: {
    what: 'echo-client: 20 echoed, exit 0',
    pattern: /"echoed":20,"duplicates":0,"mismatched":0[^\n]*\n\[e2e\] exit 0\n/,
    timeoutMs: 30_000,
  },
  /** A command's exit status, printed by the marker the test types after it. */
  exitZero: { what: 'exit status 0', pattern: /\[e2e\] exit 0\n/, timeoutMs: SHORT },
} as const;

/** The exit-status marker of a command that failed: the step fails at once, without waiting for its deadline. */
export const FAILED_COMMAND = /\[e2e\] exit [1-9]\d*\n/;

/** A stack trace line: never on a newcomer's screen. */
export const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?\n/;
