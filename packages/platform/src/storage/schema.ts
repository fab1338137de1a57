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
}

/** Failed-login state of one account. */
interface AccountLockoutTable {
  account_id: number;
  failed_logins: number;
  /** Milliseconds since the epoch; 0 when not locked. bigint: pg returns it as a string. */
  locked_until: number | string;
}

/** A friendship, stored once as an ordered pair (account_one_id < account_two_id). */
interface FriendsTable {
  account_one_id: number;
  account_two_id: number;
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
  friends: FriendsTable;
  game: GameTable;
  scores: ScoresTable;
  lobby: LobbyTable;
}
