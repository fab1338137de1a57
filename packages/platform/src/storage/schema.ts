// Table types for kysely: the seed's models (Account, Friends, Game, Scores) plus lockout and lobby rows.
import type { Generated } from 'kysely';

/** An account: scrypt password hash and its RSA key pair (private key encrypted under the password). */
interface AccountTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  /** PKCS#8 DER, encrypted (PBES2) under the account's password, as the seed's BestAvailableEncryption. */
  private_key: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  public_key: Uint8Array;
  /** Milliseconds since the epoch. */
  created_at: number | string;
  /** canonicalUsername(username), unique; null only before its migration ran. */
  username_canonical: string | null;
  /** usernameSkeleton(username), indexed: the confusable check looks it up. */
  username_skeleton: string | null;
}

/** Failed-login state of one account. */
interface AccountLockoutTable {
  account_id: number;
  failed_logins: number;
  /** Milliseconds since the epoch; 0 when not locked. bigint: pg returns it as a string. */
  locked_until: number | string;
}

/** One direction of a friend edge, as Nakama's user_edge: the state as source_id sees destination_id. */
interface FriendEdgeTable {
  source_id: number;
  destination_id: number;
  /** 0 friend, 1 invite_sent, 2 invite_received, 3 blocked (see social-store.ts FriendState). */
  state: number;
  /** Milliseconds since the epoch of the last change. bigint: pg returns it as a string. */
  updated_at: number | string;
}

/** Login attempts of one (canonical name, source address); source '' is the name's account-wide row. Times in ms. */
interface LoginAttemptTable {
  name: string;
  source: string;
  /** Failures in a row (per source) or since the last success (account-wide). */
  failures: number;
  /** Checks reserved and not yet finished; ignored once pending_until has passed (a crashed check). */
  pending: number;
  pending_until: number | string;
  locked_until: number | string;
  last_failure: number | string;
  last_success: number | string;
  updated_at: number | string;
}

/** A game the platform hosts (ids come from the game plugins). */
interface GameTable {
  id: number;
  name: string;
  min_players: number;
  max_players: number;
}

/** One recorded score. */
interface ScoresTable {
  id: Generated<number>;
  score: number;
  account_id: number;
  game_id: number;
}

/** A lobby ever started; live state (members, server) is in memory, this row gives it a durable id. */
interface LobbyTable {
  id: Generated<number>;
  game_id: number;
  host: string;
  port: number;
  created_at: number | string;
  closed_at: number | string | null;
}

/** The whole schema. */
export interface PlatformSchema {
  account: AccountTable;
  account_lockout: AccountLockoutTable;
  login_attempt: LoginAttemptTable;
  friend_edge: FriendEdgeTable;
  game: GameTable;
  scores: ScoresTable;
  lobby: LobbyTable;
}
