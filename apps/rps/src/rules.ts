// Rock–paper–scissors rules as the seed defines them: choice and outcome numbers, who beats whom, move parsing.

/** A player's choice; the numbers are the seed's wire values (rps.Choice). */
export const Choice = { ROCK: 0, PAPER: 1, SCISSORS: 2 } as const;
export type Choice = (typeof Choice)[keyof typeof Choice];

/** A round's outcome for one player; the numbers are the seed's wire values (rps.Outcome, where 0 is spelt LOOSE). */
export const Outcome = { LOSE: 0, WIN: 1, DRAW: 2 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The game as the platform lists it: the seed's game_config.yaml. */
export const RPS_GAME = { id: 1, name: 'RPS', minPlayers: 2, maxPlayers: 2 } as const;

const CHOICE_NAMES = ['rock', 'paper', 'scissors'] as const;
const OUTCOME_NAMES = ['lose', 'win', 'draw'] as const;

/** True for 0, 1 and 2. */
export function isChoice(value: unknown): value is Choice {
  return value === 0 || value === 1 || value === 2;
}

/**
 * The outcome for the player who chose `mine` against `theirs` (the seed's evaluateWin). Each choice beats
 * the one before it modulo 3: paper beats rock, scissors beat paper, rock beats scissors.
 */
export function evaluateWin(mine: Choice, theirs: Choice): Outcome {
  const difference = (mine - theirs + 3) % 3;
  if (difference === 0) return Outcome.DRAW;
  return difference === 1 ? Outcome.WIN : Outcome.LOSE;
}

/** "rock", "paper" or "scissors". */
export function choiceName(choice: Choice): (typeof CHOICE_NAMES)[number] {
  return CHOICE_NAMES[choice];
}

/** "lose", "win" or "draw". */
export function outcomeName(outcome: Outcome): (typeof OUTCOME_NAMES)[number] {
  return OUTCOME_NAMES[outcome];
}

/**
 * Reads a move as a person types it: r/p/s, rock/paper/scissors (any case) or the seed's 0/1/2.
 * Returns undefined for anything else.
 */
export function parseChoice(text: string): Choice | undefined {
  const word = text.trim().toLowerCase();
  if (word === '') return undefined;
  if (word === '0' || word === '1' || word === '2') return Number(word) as Choice;
  const index = CHOICE_NAMES.findIndex((name) => name === word || name[0] === word);
  return index < 0 ? undefined : (index as Choice);
}

/** Parses a comma-separated move list ("r,p,s"); throws a sentence naming the first bad move. */
export function parseMoves(text: string): Choice[] {
  const parts = text.split(',').map((part) => part.trim());
  const moves: Choice[] = [];
  for (const part of parts) {
    const choice = parseChoice(part);
    if (choice === undefined) {
      throw new RangeError(`"${part}" is not a move: use r, p or s (or rock, paper, scissors, 0, 1, 2).`);
    }
    moves.push(choice);
  }
  return moves;
}
