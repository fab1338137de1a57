// Friends by consent: list, add (a request, or the acceptance of theirs), requests, accept, decline,
// and remove (DELETE /friend/remove — the seed's singular path). States: storage/social-store.ts.
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { PlatformError } from '../../errors.ts';
import type { AccountRecord } from '../../storage/accounts-store.ts';
import { accountOf, requireAccount } from '../authenticate.ts';
import { mergeQueryIntoBody } from '../request-fields.ts';
import { authenticated, errorResponses, responses, usernameBodySchema } from '../schemas.ts';
import type { PlatformServices } from '../services.ts';

type UsernameRequest = FastifyRequest<{ Body: { username: string } }>;

/** Registers the friends routes. */
export async function friendsRoutes(app: FastifyInstance, services: PlatformServices): Promise<void> {
  const authenticate = requireAccount(services.accounts);
  const { social } = services;

  /** Options of a route that names another account by `username` (JSON body or query string). */
  const byUsername = (summary: string, response: Record<number, unknown>): RouteShorthandOptions => ({
    onRequest: authenticate,
    preValidation: mergeQueryIntoBody,
    schema: { summary, tags: ['friends'], security: authenticated, body: usernameBodySchema, response },
  });

  /** The caller and the account the body names; 404 if none, 400 if it is the caller. */
  async function parties(request: UsernameRequest) {
    const account = accountOf(request);
    const other = await services.accountsStore.findByUsername(request.body.username);
    if (other === undefined) throw new PlatformError('ACCOUNT_NOT_FOUND');
    if (other.id === account.id)
      throw new PlatformError('BAD_REQUEST', 'You cannot add yourself as a friend.');
    return { account, other };
  }

  const pair = (account: { id: number; username: string }, other: AccountRecord, state: string) => ({
    account: { id: account.id, username: account.username },
    other: { id: other.id, username: other.username },
    state,
  });

  app.get(
    '/friends/',
    {
      onRequest: authenticate,
      schema: {
        summary: "The authenticated account's friends (accepted requests only).",
        tags: ['friends'],
        security: authenticated,
        response: { 200: responses.friends, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ friends: await social.listFriends(accountOf(request).id) }),
  );

  app.get(
    '/friends/requests',
    {
      onRequest: authenticate,
      schema: {
        summary: 'Friend requests waiting for your answer (incoming) and for theirs (outgoing).',
        tags: ['friends'],
        security: authenticated,
        response: { 200: responses.friendRequests, ...errorResponses(401, 403) },
      },
    },
    async (request) => social.listRequests(accountOf(request).id),
  );

  app.post<{ Body: { username: string } }>(
    '/friends/add',
    byUsername(
      'Ask an account to be your friend (201, state invite_sent); if it had asked you, this accepts (state friend).',
      { 201: responses.friendAdded, ...errorResponses(400, 401, 403, 404, 409, 429) },
    ),
    async (request, reply) => {
      const { account, other } = await parties(request);
      const outcome = await social.request(account.id, other.id);
      if (outcome === 'already_friends') throw new PlatformError('ALREADY_FRIENDS');
      if (outcome === 'already_sent') throw new PlatformError('FRIEND_REQUEST_PENDING');
      if (outcome === 'too_many_requests') throw new PlatformError('TOO_MANY_FRIEND_REQUESTS');
      return reply.code(201).send(pair(account, other, outcome));
    },
  );

  app.post<{ Body: { username: string } }>(
    '/friends/accept',
    byUsername("Accept an account's friend request.", {
      200: responses.friendAdded,
      ...errorResponses(400, 401, 403, 404),
    }),
    async (request) => {
      const { account, other } = await parties(request);
      if (!(await social.accept(account.id, other.id))) throw new PlatformError('FRIEND_REQUEST_NOT_FOUND');
      return pair(account, other, 'friend');
    },
  );

  app.post<{ Body: { username: string } }>(
    '/friends/decline',
    byUsername("Decline an account's friend request (the requester is not told).", {
      204: { type: 'null', description: 'Declined.' },
      ...errorResponses(400, 401, 403, 404),
    }),
    async (request, reply) => {
      const { account, other } = await parties(request);
      if (!(await social.decline(account.id, other.id))) throw new PlatformError('FRIEND_REQUEST_NOT_FOUND');
      return reply.code(204).send();
    },
  );

  app.delete<{ Body: { username: string } }>(
    '/friend/remove',
    byUsername('Remove a friend, withdraw your request, or decline theirs.', {
      204: { type: 'null', description: 'Removed.' },
      ...errorResponses(400, 401, 403, 404),
    }),
    async (request, reply) => {
      const account = accountOf(request);
      const other = await services.accountsStore.findByUsername(request.body.username);
      if (other === undefined) throw new PlatformError('ACCOUNT_NOT_FOUND');
      if (!(await social.removeFriends(account.id, other.id))) throw new PlatformError('NOT_FRIENDS');
      return reply.code(204).send();
    },
  );
}
