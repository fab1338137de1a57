// The v0 handshake between two of our endpoints on a simulated link: success, refusals, limits, timeouts.
import { describe, expect, it } from 'vitest';
import { SimNetwork } from '../../src/testing/sim-network.ts';
import { Flag } from '../../src/wire/constants.ts';
import { makeClient, makeServer } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

describe('v0 handshake', () => {
  it('completes on a clean link: client connect, server clientJoin with the validated account id', () => {
    const net = new SimNetwork({ seed: 1 });
    const server = makeServer(1);
    const client = makeClient(2);
    net.add(S, server, { validate: () => ({ valid: true, accountId: 42 }) });
    net.add(C, client);
    client.connect(net.now, S);
    expect(
      net.runUntil(() => net.eventsOf(C, 'connect').length > 0 && net.eventsOf(S, 'clientJoin').length > 0),
    ).toBe(true);
    expect(net.eventsOf(S, 'clientJoin')[0]).toEqual({ type: 'clientJoin', peer: C, accountId: 42 });
    expect(server.connectedPeers).toEqual([C]);
    client.send(net.now, S, new TextEncoder().encode('hello'), Flag.RELIABLE | Flag.ENCRYPTED);
    expect(net.runUntil(() => net.eventsOf(S, 'data').length === 1)).toBe(true);
    expect(new TextDecoder().decode(net.eventsOf(S, 'data')[0]!.data)).toBe('hello');
  });
});
