// HTTP load in its own process (so the attacker's event loop does not slow the measuring client): `concurrency`
// loops from one source address, each always one request in flight, cycling through `requests`, for `seconds`.
import { performance } from 'node:perf_hooks';
import { serveParent } from '../support/child.ts';
import { basic, http } from '../support/http.ts';

interface LoadOrder {
  url: string;
  requests: { path: string; authorization: string }[];
  concurrency: number;
  from: string;
  seconds: number;
  /** Each loop sends at most once per this many ms (0: as fast as answers come back). */
  minIntervalMs?: number;
  /** Send `user:password` with a never-seen name each time (a real password check that no lockout stops). */
  freshNames?: boolean;
}

async function load(order: LoadOrder): Promise<{ sent: number; statuses: Record<number, number> }> {
  const end = performance.now() + order.seconds * 1000;
  const statuses: Record<number, number> = {};
  let sent = 0;
  const loop = async (index: number) => {
    for (let i = index; performance.now() < end; i++) {
      const sentAt = performance.now();
      const request = order.requests[i % order.requests.length]!;
      const answer = await http(order.url, request.path, {
        authorization: order.freshNames
          ? basic(`ghost-${index}-${i}`, 'wrong-password')
          : request.authorization,
        from: order.from,
      });
      sent++;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      // A refusal (429) or no answer comes back at once: a short breath keeps this a request loop, not a spin.
      const breath = answer.status === 429 || answer.status === 0 ? 5 : 0;
      const wait = Math.max(breath, sentAt + (order.minIntervalMs ?? 0) - performance.now());
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  await Promise.all(Array.from({ length: order.concurrency }, (_, i) => loop(i)));
  return { sent, statuses };
}

serveParent({}, { load: (order: LoadOrder) => load(order) }, async () => {});
