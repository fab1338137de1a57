// RPS's lobby server: the sans-IO match bound to a v0 UDP server, speaking typed messages and the seed's JSON.
import { type MessageConnection, MessageServer } from '@paperclip/messages';
import type { Server } from '@paperclip/net';
import { createUdpLobbyServer, type GameServerOptions, type LobbyGameServer } from '@paperclip/platform';
import type { AccountId } from '@paperclip/protocol';
import { type MatchOutput, RpsMatch } from '../match.ts';
import {
  ChoiceMessage,
  createRpsRegistry,
  GameOverMessage,
  RoundMessage,
  StateMessage,
} from '../messages.ts';
import { RPS_GAME } from '../rules.ts';
import {
  decodeSeedChoice,
  encodeSeedReply,
  looksLikeSeedJson,
  MAX_SEED_PAYLOAD_BYTES,
} from '../seed-json.ts';
import { ManualAcceptor, PeerLink } from './peer-link.ts';

/** Limits of the RPS server beyond the platform's GameServerOptions (which carry its scores and log). */
export interface RpsServerLimits {
  /** Largest seed JSON payload parsed (hostile-input bound). Default {@link MAX_SEED_PAYLOAD_BYTES}. */
  maxSeedPayloadBytes?: number;
}

/** How a peer talks: not known until its first datagram, then typed messages or the seed's JSON (v0 peers). */
type PeerState =
  | { kind: 'unknown'; accountId: AccountId | null }
  | { kind: 'seed' }
  | { kind: 'typed'; link: PeerLink; connection: MessageConnection | undefined };

/**
 * Starts RPS for one lobby. Each peer's first datagram decides its dialect: message-layer frames (our clients:
 * registry synced at connect, then rps:* messages) or `{"choice": n}` JSON (the seed's rps.Client, answered
 * with the seed's reply JSON). Both kinds play in the same match.
 */
export function createRpsLobbyServer(
  options: GameServerOptions,
  limits: RpsServerLimits = {},
): LobbyGameServer {
  const seedPayloadLimit = limits.maxSeedPayloadBytes ?? MAX_SEED_PAYLOAD_BYTES;
  const warn = (what: string, error: unknown) =>
    options.log.warn(what, { error: error instanceof Error ? error.message : String(error) });
  const peers = new Map<string, PeerState>();
  const match = new RpsMatch();
  const acceptor = new ManualAcceptor();
  const messages = new MessageServer({ registry: createRpsRegistry(), maxConnections: RPS_GAME.maxPlayers });
  const pendingWrites = new Set<Promise<void>>();
  const lastState = new Map<string, MatchOutput & { kind: 'state' }>();
  let server: Server | undefined;

  const connectionOf = (peer: string): MessageConnection | undefined => {
    const state = peers.get(peer);
    return state?.kind === 'typed' && state.connection?.state === 'active' ? state.connection : undefined;
  };

  /**
   * Carries out the match's outputs in order. Final scores are written first and the rest waits for the write,
   * so a player who hears "game over" can already see the scores in GET /scores/.
   */
  const apply = (outputs: MatchOutput[]): Promise<void> => {
    const finalScores = outputs.find((output) => output.kind === 'final-scores');
    const rest = outputs.filter((output) => output !== finalScores);
    const run = () => {
      for (const output of rest) {
        try {
          applyOne(output);
        } catch (error) {
          warn('rps output failed', error);
        }
      }
    };
    if (finalScores === undefined) {
      run();
      return Promise.resolve();
    }
    const write = options.scores
      .record(finalScores.scores)
      .catch((error: unknown) => warn('rps scores not stored', error))
      .then(run);
    pendingWrites.add(write);
    void write.finally(() => pendingWrites.delete(write));
    return write;
  };

  const applyOne = (output: MatchOutput): void => {
    if (output.kind === 'final-scores') return;
    const peer = output.to;
    const state = peers.get(peer);
    const connection = connectionOf(peer);
    switch (output.kind) {
      case 'state':
        lastState.set(peer, output);
        connection?.send(StateMessage, { state: output.state, players: output.players });
        return;
      case 'round':
        if (state?.kind === 'seed') server?.send(peer, encodeSeedReply(output), 'RELIABLE');
        connection?.send(RoundMessage, {
          round: output.round,
          outcome: output.outcome,
          choice: output.choice,
          otherChoice: output.otherChoice,
          score: output.score.score,
          otherScore: output.otherScore.score,
        });
        return;
      case 'game-over':
        connection?.send(GameOverMessage, {
          reason: output.reason,
          rounds: output.rounds,
          score: output.score.score,
          otherScore: output.otherScore.score,
        });
        return;
      case 'disconnect':
        // A typed peer's close sends the queued game-over first, then CLOSE; the transport drains both.
        if (state?.kind === 'typed' && state.connection !== undefined)
          void state.connection.close('The game is over.');
        else server?.disconnect(peer);
        return;
    }
  };

  messages.onMessage(ChoiceMessage, (payload, connection) => {
    void apply(match.choose(connection.link.info.remoteAddress, payload.choice));
  });
  messages.on('ready', (connection) => {
    const state = lastState.get(connection.link.info.remoteAddress);
    if (state !== undefined) connection.send(StateMessage, { state: state.state, players: state.players });
  });
  messages.on('connection', (connection) => {
    // Emitted synchronously from acceptor.accept(), before the handshake starts.
    const state = peers.get(connection.link.info.remoteAddress);
    if (state?.kind === 'typed' && state.link === connection.link) state.connection = connection;
  });
  messages.on('error', ({ error }) => warn('rps peer error', error));

  const logic = (udp: Server): void => {
    server = udp;
    udp.on('clientJoin', (peer, accountId) => {
      peers.set(peer, { kind: 'unknown', accountId });
      void apply(match.join(peer, accountId));
    });
    udp.on('data', (peer, data) => {
      let state = peers.get(peer);
      if (state?.kind === 'unknown') {
        if (looksLikeSeedJson(data)) state = { kind: 'seed' };
        else state = { kind: 'typed', link: new PeerLink(udp, peer, state.accountId), connection: undefined };
        peers.set(peer, state);
        if (state.kind === 'typed') acceptor.accept(state.link);
      }
      if (state?.kind === 'seed') void apply(match.choose(peer, decodeSeedChoice(data, seedPayloadLimit)));
      else if (state?.kind === 'typed') state.link.receive(data);
    });
    udp.on('clientLeave', (peer) => {
      const state = peers.get(peer);
      peers.delete(peer);
      lastState.delete(peer);
      if (state?.kind === 'typed') state.link.closed();
      void apply(match.leave(peer));
    });
  };

  const lobby = createUdpLobbyServer(options, logic);
  return {
    async start() {
      await messages.listen(acceptor);
      return lobby.start();
    },
    async stop() {
      await apply(match.stop());
      await messages.close('The lobby is closing.');
      await Promise.all([...pendingWrites]);
      await lobby.stop();
    },
  };
}
