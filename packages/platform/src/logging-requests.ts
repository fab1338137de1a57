// Fastify's per-request log lines at debug, not info: at the default level a terminal shows start-up and lobbies only.
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Fastify's LogController with "incoming request" and "request completed" at debug (LOG_LEVEL=debug shows
 * them). Failures keep fastify's levels: a request that errored is still logged at error.
 *
 * @example
 * const app = Fastify({ loggerInstance, logController: new DebugRequestLogController() });
 */
export class DebugRequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest, _reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error) {
      super.requestCompleted(error, request, reply, metadata);
      return;
    }
    if (this.isLogDisabled(request)) return;
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
