// What the route plugins share: the config and the services behind the endpoints.
import type { AccountService } from '../auth/account-service.ts';
import type { CertificateService } from '../auth/certificate-service.ts';
import type { ServerIdentity } from '../auth/server-identity.ts';
import type { PlatformConfig } from '../config.ts';
import type { GameRegistry } from '../lobbies/game-plugin.ts';
import type { LobbyManager } from '../lobbies/lobby-manager.ts';
import type { AccountsStore } from '../storage/accounts-store.ts';
import type { PlatformDatabase } from '../storage/database.ts';
import type { GamesStore } from '../storage/games-store.ts';
import type { SocialStore } from '../storage/social-store.ts';

/** Services behind the HTTP API (also exposed on the app as `app.platform` for tests and the CLI). */
export interface PlatformServices {
  config: PlatformConfig;
  database: PlatformDatabase;
  accounts: AccountService;
  accountsStore: AccountsStore;
  social: SocialStore;
  games: GamesStore;
  registry: GameRegistry;
  lobbies: LobbyManager;
  certificates: CertificateService;
  identity: ServerIdentity;
}
