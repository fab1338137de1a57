// The sans-IO RPS game of one lobby: join, choice and leave go in, replies and final scores come out.
import type { AccountId } from '@paperclip/protocol';
import { type Choice, evaluateWin, isChoice, Outcome, RPS_GAME } from './rules.ts';

/** A player's running score in the seed's reply shape ({"score": n, "accountId": …}). */
export interface PlayerScore {
  score: number;
  /** The player's account id as the seed's reply writes it: decimal text (its str(USER_ID)), or null. */
  accountId: string | number | null;
}

/** Why a game ended. */
export const GameOverReason = {
  /** The other player left (quit, lost the connection or was disconnected). */
  OPPONENT_LEFT: 'opponent-left',
  /** The lobby's server is shutting down. */
  SERVER_CLOSING: 'server-closing',
} as const;
export type GameOverReason = (typeof GameOverReason)[keyof typeof GameOverReason];

/** What the match asks its driver to do. `to` is the transport's peer key ("host:port"). */
export type MatchOutput =
  /** Tell a player whether the game is waiting for an opponent or under way. */
  | { kind: 'state'; to: string; state: 'waiting' | 'playing'; players: number }
  /** A round's result for one player (the seed's reply). */
  | {
      kind: 'round';
      to: string;
      round: number;
      outcome: Outcome;
      choice: Choice;
      otherChoice: Choice;
      score: PlayerScore;
      otherScore: PlayerScore;
    }
  /** The game is over for this player: final scores. */
  | {
      kind: 'game-over';
      to: string;
      reason: GameOverReason;
      rounds: number;
      score: PlayerScore;
      otherScore: PlayerScore;
    }
  /** Disconnect this peer (the game is over, or it joined a game that has ended). */
  | { kind: 'disconnect'; to: string }
  /** Store these final scores (the seed's "TODO: submit score"): one entry per player with an account. */
  | { kind: 'final-scores'; scores: { accountId: AccountId; score: number }[] };

interface Player {
  peer: string;
  accountId: AccountId | null;
  score: number;
  pending: Choice | undefined;
}

/** Where a match is in its life. */
export type MatchPhase = 'waiting' | 'playing' | 'over';

/**
 * One lobby's rock–paper–scissors: two players, rounds scored as the seed (a win is one point, a draw none),
 * until a player leaves. Then the other hears `game-over` (opponent-left) with the final score, both scores
 * are handed out for storage once, and the remaining player is disconnected. When everyone has gone the
 * match starts afresh. Pure: no I/O, no clocks; every call returns what to do.
 */
export class RpsMatch {
  readonly #players: Player[] = [];
  #phase: MatchPhase = 'waiting';
  #round = 0;

  /** waiting (fewer than two players), playing, or over (a player left; the other is being disconnected). */
  get phase(): MatchPhase {
    return this.#phase;
  }

  /** Rounds completed in the current game. */
  get rounds(): number {
    return this.#round;
  }

  /** Peers currently in the match. */
  get peers(): string[] {
    return this.#players.map((player) => player.peer);
  }

  /** A peer joined the lobby's server. A third peer, or one arriving after the game ended, is sent away. */
  join(peer: string, accountId: AccountId | null): MatchOutput[] {
    if (this.#find(peer) !== undefined) return [];
    if (this.#phase !== 'waiting' || this.#players.length >= RPS_GAME.maxPlayers) {
      return [{ kind: 'disconnect', to: peer }];
    }
    this.#players.push({ peer, accountId, score: 0, pending: undefined });
    if (this.#players.length < RPS_GAME.maxPlayers) return [this.#stateFor(peer)];
    this.#phase = 'playing';
    const outputs: MatchOutput[] = this.#players.map((player) => this.#stateFor(player.peer));
    // A choice made while waiting (the seed client may pick before its opponent arrives) counts now.
    outputs.push(...this.#resolveRound());
    return outputs;
  }

  /** A player picked. Ignored when invalid, when the peer is unknown, or after the game ended. */
  choose(peer: string, choice: unknown): MatchOutput[] {
    const player = this.#find(peer);
    if (player === undefined || this.#phase === 'over' || !isChoice(choice)) return [];
    // Picking again before the round resolves replaces the earlier pick, as the seed's getChoices does.
    player.pending = choice;
    return this.#phase === 'playing' ? this.#resolveRound() : [];
  }

  /** A peer left. During a game that ends it: the other hears game-over, scores go to storage. */
  leave(peer: string): MatchOutput[] {
    const player = this.#find(peer);
    if (player === undefined) return [];
    const outputs: MatchOutput[] = [];
    if (this.#phase === 'playing') outputs.push(...this.#end(GameOverReason.OPPONENT_LEFT, player));
    this.#players.splice(this.#players.indexOf(player), 1);
    if (this.#players.length === 0) this.#reset();
    else if (this.#phase === 'waiting') outputs.push(...this.#players.map((p) => this.#stateFor(p.peer)));
    return outputs;
  }

  /** The server is stopping: a game under way ends for everyone and its scores are stored. */
  stop(): MatchOutput[] {
    if (this.#phase !== 'playing') return [];
    return this.#end(GameOverReason.SERVER_CLOSING, undefined);
  }

  #find(peer: string): Player | undefined {
    return this.#players.find((player) => player.peer === peer);
  }

  #stateFor(peer: string): MatchOutput {
    return {
      kind: 'state',
      to: peer,
      state: this.#phase === 'playing' ? 'playing' : 'waiting',
      players: this.#players.length,
    };
  }

  #resolveRound(): MatchOutput[] {
    const [one, two] = this.#players;
    if (one?.pending === undefined || two?.pending === undefined) return [];
    const choices = [one.pending, two.pending] as const;
    one.pending = undefined;
    two.pending = undefined;
    this.#round += 1;
    const outcomes = [evaluateWin(choices[0], choices[1]), evaluateWin(choices[1], choices[0])] as const;
    if (outcomes[0] === Outcome.WIN) one.score += 1;
    if (outcomes[1] === Outcome.WIN) two.score += 1;
    return [
      this.#roundFor(one, two, outcomes[0], choices[0], choices[1]),
      this.#roundFor(two, one, outcomes[1], choices[1], choices[0]),
    ];
  }

  #roundFor(me: Player, other: Player, outcome: Outcome, choice: Choice, otherChoice: Choice): MatchOutput {
    return {
      kind: 'round',
      to: me.peer,
      round: this.#round,
      outcome,
      choice,
      otherChoice,
      score: scoreOf(me),
      otherScore: scoreOf(other),
    };
  }

  /** Ends the game: game-over to every player but `leaver`, one final-scores, disconnects. */
  #end(reason: GameOverReason, leaver: Player | undefined): MatchOutput[] {
    this.#phase = 'over';
    const outputs: MatchOutput[] = [];
    for (const player of this.#players) {
      if (player === leaver) continue;
      const other = this.#players.find((p) => p !== player);
      outputs.push({
        kind: 'game-over',
        to: player.peer,
        reason,
        rounds: this.#round,
        score: scoreOf(player),
        otherScore: other === undefined ? { score: 0, accountId: null } : scoreOf(other),
      });
    }
    const scores = this.#players.flatMap(({ accountId, score }) =>
      accountId === null ? [] : [{ accountId, score }],
    );
    if (scores.length > 0) outputs.push({ kind: 'final-scores', scores });
    for (const player of this.#players) {
      if (player !== leaver) outputs.push({ kind: 'disconnect', to: player.peer });
    }
    return outputs;
  }

  #reset(): void {
    this.#phase = 'waiting';
    this.#round = 0;
  }
}

function scoreOf(player: Player): PlayerScore {
  return { score: player.score, accountId: player.accountId === null ? null : String(player.accountId) };
}
