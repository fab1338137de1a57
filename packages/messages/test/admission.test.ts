// Findings 6 and 7 (carrier-generic parts): source keys for the per-address cap, the shared send budget, and the
// half-open cap over the in-memory carrier (the same server code runs over UDP and WebSocket).
import { describe, expect, it } from 'vitest';
import { Admission } from '../src/admission.ts';
import { MemoryNetwork } from '../src/carriers/memory-carrier.ts';
import { SendBudget, type SendBudgetHolder } from '../src/carriers/send-budget.ts';
import { createClientConnection } from '../src/connection.ts';
import { MessageRegistry } from '../src/registry.ts';
import { MessageServer } from '../src/server.ts';
import { sourceKey } from '../src/source-address.ts';

describe('sourceKey: what the per-address cap counts', () => {
  it('groups by IPv4 address, IPv4-mapped IPv6 and IPv6 /64, and keeps other addresses whole', () => {
    expect(sourceKey('127.0.0.1:40100')).toBe('127.0.0.1');
    expect(sourceKey('::ffff:10.0.0.7:5000')).toBe('10.0.0.7');
    expect(sourceKey('[::ffff:10.0.0.7]:5000')).toBe('10.0.0.7');
    expect(sourceKey('2001:db8:1:2::99:5000')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd:1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('::1:8080')).toBe('0:0:0:0::/64');
    expect(sourceKey('memory:3')).toBe('memory:3');
    expect(sourceKey('ws://example.test/')).toBe('ws://example.test/');
  });
});

describe('SendBudget: a total bound on unsent bytes', () => {
  const holder = (): SendBudgetHolder & { evicted: boolean } => ({
    evicted: false,
    evict() {
      this.evicted = true;
    },
  });

  it('never exceeds its bound, evicts the largest other holder, and refuses a sender that holds the most', () => {
    const budget = new SendBudget(100);
    const big = holder();
    const small = holder();
    expect(budget.reserve(big, 70)).toBe(true);
    expect(budget.reserve(small, 20)).toBe(true);
    expect(budget.reserve(small, 20)).toBe(true); // evicts `big` (70 held) to fit
    expect(big.evicted).toBe(true);
    expect(budget.usedBytes).toBe(40);
    expect(budget.reserve(small, 80)).toBe(false); // the sender itself holds the most
    expect(budget.usedBytes).toBeLessThanOrEqual(100);
    budget.release(small, 1000); // never gives back more than held
    expect(budget.usedBytes).toBe(0);
    budget.release(big, 10); // unknown holders are ignored
    expect(budget.usedBytes).toBe(0);
    expect(budget.evictions).toBe(1);
  });
});

describe('finding 6 over the in-memory carrier: half-open connections have their own cap', () => {
  it('closes the oldest half-open connection to make room, and a client still connects', async () => {
    const network = new MemoryNetwork();
    const registry = new MessageRegistry([]);
    const server = new MessageServer({ registry, maxHalfOpen: 2, maxConnections: 1 });
    await server.listen(network.acceptor());
    const reasons: string[] = [];
    server.on('close', ({ reason }) => reasons.push(reason.code));
    let arrived = 0;
    const three = new Promise<void>((resolve) => server.on('connection', () => ++arrived === 3 && resolve()));
    for (let i = 0; i < 3; i++)
      network.connect().start({ open: () => {}, packet: () => {}, closed: () => {} });
    await three;
    expect(server.halfOpenCount).toBe(2);
    const ready = new Promise((resolve) => server.once('ready', resolve));
    const client = createClientConnection(network.connect(), { registry });
    await client.waitForConnection(5000);
    await ready;
    expect(server.openCount).toBe(1);
    expect(reasons.filter((code) => code === 'PC_MSG_SERVER_FULL').length).toBeGreaterThanOrEqual(2);
    await server.close();
  });
});

describe('finding 6: the per-address cap in the server bookkeeping (any carrier)', () => {
  it('refuses the N+1th connection of one source with SERVER_FULL, counts half-open and open, and frees on leave', () => {
    const admission = new Admission(
      { maxConnections: 10, maxHalfOpen: 10, halfOpenTimeoutMs: 5000, maxConnectionsPerAddress: 2 },
      () => () => {},
    );
    const peer = () => ({ close: () => {} });
    const [a, b, c, d] = [peer(), peer(), peer(), peer()];
    expect(admission.arrive(a, '10.0.0.1:1000')).toEqual({ ok: true });
    expect(admission.promote(a)).toEqual({ ok: true });
    expect(admission.arrive(b, '10.0.0.1:1001')).toEqual({ ok: true });
    expect(admission.admitsSource('10.0.0.1:1002')).toBe(false);
    expect(admission.arrive(c, '10.0.0.1:1002')).toMatchObject({
      ok: false,
      code: 'PC_MSG_SERVER_FULL',
      message: 'Too many connections from your address (at most 2).',
    });
    expect(admission.arrive(d, '10.0.0.2:1000')).toEqual({ ok: true });
    admission.leave(c);
    admission.leave(a);
    expect(admission.admitsSource('10.0.0.1:1003')).toBe(true);
    expect(admission.open).toBe(0);
    expect(admission.halfOpen).toBe(2);
  });
});
