// Friends: list, add (POST /friends/add) and remove (DELETE /friend/remove — the seed's singular path).
import type { FastifyInstance } from 'fastify';
import { PlatformError } from '../../errors.ts';
import { accountOf, requireAccount } from '../authenticate.ts';
import { mergeQueryIntoBody } from '../request-fields.ts';
import { authenticated, errorResponses, responses, usernameBodySchema } from '../schemas.ts';
import type { PlatformServices } from '../services.ts';

/** Registers the friends routes. */
export async function friendsRoutes(app: FastifyInstance, services: PlatformServices): Promise<void> {
  const authenticate = requireAccount(services.accounts);

  app.get(
    '/friends/',
    {
      onRequest: authenticate,
      schema: {
        summary: "The authenticated account's friends.",
        tags: ['friends'],
        security: authenticated,
        response: { 200: responses.friends, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ friends: await services.social.listFriends(accountOf(request).id) }),
  );

  app.post<{ Body: { username: string } }>(
    '/friends/add',
    {
      onRequest: authenticate,
      preValidation: mergeQueryIntoBody,
      schema: {
        summary: 'Add an account as a friend (friendship is mutual).',
        tags: ['friends'],
        security: authenticated,
        body: usernameBodySchema,
        response: { 201: responses.friendAdded, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const other = await services.accountsStore.findByUsername(request.body.username);
      if (other === undefined) throw new PlatformError('ACCOUNT_NOT_FOUND');
      if (other.id === account.id)
        throw new PlatformError('BAD_REQUEST', 'You cannot add yourself as a friend.');
      if (!(await services.social.addFriends(account.id, other.id)))
        throw new PlatformError('ALREADY_FRIENDS');
      return reply.code(201).send({
        account: { id: account.id, username: account.username },
        other: { id: other.id, username: other.username },
      });
    },
  );

  app.delete<{ Body: { username: string } }>(
    '/friend/remove',
    {
      onRequest: authenticate,
      preValidation: mergeQueryIntoBody,
      schema: {
        summary: 'Remove a friend.',
        tags: ['friends'],
        security: authenticated,
        body: usernameBodySchema,
        response: { 204: { type: 'null', description: 'Removed.' }, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const other = await services.accountsStore.findByUsername(request.body.username);
      if (other === undefined) throw new PlatformError('ACCOUNT_NOT_FOUND');
      if (!(await services.social.removeFriends(account.id, other.id)))
        throw new PlatformError('NOT_FRIENDS');
      return reply.code(204).send();
    },
  );
}
