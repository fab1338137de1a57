// Is the platform there? Asked once at start-up, so a server that is down is said before any credentials are typed.
import { UserError } from '../cli-errors.ts';

/** How long the start-up check waits for the platform's answer. */
const SERVER_CHECK_TIMEOUT_MS = 5_000;

/**
 * GETs the platform's root (`GET /` answers `{}` as JSON: the cheapest route) and throws a {@link UserError} (exit
 * status 1) naming the address and how to start a server when nothing answers there, or something that is not
 * a Paperclip platform does.
 *
 * @example
 * await checkServer('http://127.0.0.1:5000'); // resolves when the platform answers
 */
export async function checkServer(baseUrl: string, timeoutMs = SERVER_CHECK_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new UserError(
      `No Paperclip server answers at ${baseUrl}: start one with \`npm start\` in the Paperclip clone, or give its address with --server <url>.`,
    );
  }
  // Only the headers are read: a foreign server's body may be anything, of any size.
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok || !response.headers.get('content-type')?.startsWith('application/json')) {
    throw new UserError(
      `The server at ${baseUrl} is not a Paperclip platform (it answered ${response.status}): give the platform's address with --server <url>.`,
    );
  }
}
