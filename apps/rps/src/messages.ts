// RPS's typed messages on the message layer (registry synced at connect): choice in, state/round/game-over out.
import { defineMessage, MessageRegistry } from '@paperclip/messages';
import { Type } from '@sinclair/typebox';

const ChoiceSchema = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]);
const OutcomeSchema = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]);
const Score = Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 });

/** Client → server: this round's pick (0 rock, 1 paper, 2 scissors). */
export const ChoiceMessage = defineMessage('rps:choice', Type.Object({ choice: ChoiceSchema }), {
  from: 'client',
});

/** Server → client: waiting for an opponent, or the game is under way. */
export const StateMessage = defineMessage(
  'rps:state',
  Type.Object({
    state: Type.Union([Type.Literal('waiting'), Type.Literal('playing')]),
    players: Type.Integer({ minimum: 0, maximum: 2 }),
  }),
  { from: 'server' },
);

/** Server → client: one round's result and the running score (the seed's reply, scores as numbers). */
export const RoundMessage = defineMessage(
  'rps:round',
  Type.Object({
    round: Type.Integer({ minimum: 1 }),
    outcome: OutcomeSchema,
    choice: ChoiceSchema,
    otherChoice: ChoiceSchema,
    score: Score,
    otherScore: Score,
  }),
  { from: 'server' },
);

/** Server → client: the game ended (the opponent left, or the server is closing) with the final score. */
export const GameOverMessage = defineMessage(
  'rps:game-over',
  Type.Object({
    reason: Type.Union([Type.Literal('opponent-left'), Type.Literal('server-closing')]),
    rounds: Type.Integer({ minimum: 0 }),
    score: Score,
    otherScore: Score,
  }),
  { from: 'server' },
);

/** Every RPS message type; client and server build their registries from this list. */
export const RPS_MESSAGES = [ChoiceMessage, StateMessage, RoundMessage, GameOverMessage] as const;

/** A fresh registry of the RPS messages (one per connection side). */
export function createRpsRegistry(): MessageRegistry {
  return new MessageRegistry([...RPS_MESSAGES]);
}
