// A deterministic simulated UDP network with a virtual clock that drives Endpoints through their poll API.
import type { Address, CertificateValidationResult, Endpoint, EndpointEvent } from '../core/index.ts';
import { seededRandom } from './seeded-random.ts';

/** Impairments of one direction of a link. Rates are probabilities in [0, 1]. */
export interface LinkConditions {
  lossRate?: number;
  duplicateRate?: number;
  /** Probability that a datagram is held back by an extra `reorderDelayMs` (so later ones overtake it). */
  reorderRate?: number;
  reorderDelayMs?: number;
  /** One-way delay: uniform in [minDelayMs, maxDelayMs]. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Datagrams longer than this are dropped (a path MTU). */
  mtu?: number;
}

/** How a simulated host answers its endpoint's 'validateCertificate' events. */
export type SimValidator = (certificate: Uint8Array, peer: Address) => CertificateValidationResult;

interface Host {
  endpoint: Endpoint;
  validate: SimValidator | undefined;
  validationDelayMs: number;
  events: { at: number; event: EndpointEvent }[];
}

interface Delivery {
  at: number;
  order: number;
  from: Address;
  to: Address;
  datagram: Uint8Array;
}

/** Counters of what the simulated link did. */
export interface SimLinkStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  reordered: number;
  tooBig: number;
  unroutable: number;
}

/**
 * Seeded, fully deterministic network: same seed, same inputs → same run. Time only moves in `step()`, to the
 * next delivery or endpoint timer, so tests never sleep and timers fire at exact virtual times.
 */
export class SimNetwork {
  now: number;
  readonly stats: SimLinkStats = {
    sent: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    tooBig: 0,
    unroutable: 0,
  };
  readonly #random: () => number;
  readonly #hosts = new Map<Address, Host>();
  readonly #queue: Delivery[] = [];
  readonly #pendingValidations: {
    at: number;
    address: Address;
    requestId: number;
    result: CertificateValidationResult;
  }[] = [];
  #order = 0;
  #conditions: LinkConditions;
  readonly #linkConditions = new Map<string, LinkConditions>();
  readonly #down = new Set<Address>();
  /** Optional tap: sees every datagram handed to the link (before impairments). */
  onSend: ((from: Address, to: Address, datagram: Uint8Array) => void) | undefined;
  /** Optional targeted loss: a datagram for which this returns true is lost (counted in `lost`). */
  dropIf: ((from: Address, to: Address, datagram: Uint8Array) => boolean) | undefined;

  constructor(options: { seed: number; conditions?: LinkConditions; startTime?: number }) {
    this.#random = seededRandom(options.seed);
    this.#conditions = options.conditions ?? {};
    this.now = options.startTime ?? 0;
  }

  /** Attaches an endpoint at `address`. `validate` answers its certificate checks (default: accept, id null). */
  add(
    address: Address,
    endpoint: Endpoint,
    options: { validate?: SimValidator; validationDelayMs?: number } = {},
  ): void {
    this.#hosts.set(address, {
      endpoint,
      validate: options.validate ?? (() => ({ valid: true, accountId: null })),
      validationDelayMs: options.validationDelayMs ?? 0,
      events: [],
    });
  }

  /** Replaces the default conditions, or those of one direction when `from`/`to` are given. */
  setConditions(conditions: LinkConditions, from?: Address, to?: Address): void {
    if (from === undefined || to === undefined) this.#conditions = conditions;
    else this.#linkConditions.set(`${from}>${to}`, conditions);
  }

  /** Takes a host off the network (its datagrams vanish both ways) or brings it back. */
  setDown(address: Address, down: boolean): void {
    if (down) this.#down.add(address);
    else this.#down.delete(address);
  }

  /** Injects a raw datagram as if `from` had sent it (fuzzing, seed captures). */
  inject(from: Address, to: Address, datagram: Uint8Array, delayMs = 0): void {
    this.#enqueue(from, to, datagram, this.now + delayMs);
  }

  /** Every event an endpoint emitted so far, with its virtual time. */
  events(address: Address): { at: number; event: EndpointEvent }[] {
    return this.#host(address).events;
  }

  /** Events of one type, typed. */
  eventsOf<T extends EndpointEvent['type']>(
    address: Address,
    type: T,
  ): Extract<EndpointEvent, { type: T }>[] {
    return this.events(address)
      .map((entry) => entry.event)
      .filter((event): event is Extract<EndpointEvent, { type: T }> => event.type === type);
  }

  /** Drains every endpoint's transmits and events (answering validations). Call after driving an endpoint. */
  flush(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const [address, host] of this.#hosts) {
        for (let out = host.endpoint.pollTransmit(); out; out = host.endpoint.pollTransmit()) {
          changed = true;
          this.#send(address, out.to, out.datagram);
        }
        for (let event = host.endpoint.pollEvent(); event; event = host.endpoint.pollEvent()) {
          changed = true;
          host.events.push({ at: this.now, event });
          if (event.type === 'validateCertificate' && host.validate) {
            const result = host.validate(event.certificate, event.peer);
            if (host.validationDelayMs === 0) {
              host.endpoint.completeCertificateValidation(this.now, event.requestId, result);
            } else {
              this.#pendingValidations.push({
                at: this.now + host.validationDelayMs,
                address,
                requestId: event.requestId,
                result,
              });
            }
          }
        }
      }
    }
  }

  /** Advances to the next delivery or timer and processes everything due then. False when nothing is left. */
  step(): boolean {
    this.flush();
    let next: number | undefined = this.#queue[0]?.at;
    for (const pending of this.#pendingValidations)
      next = next === undefined ? pending.at : Math.min(next, pending.at);
    for (const host of this.#hosts.values()) {
      const timeout = host.endpoint.pollTimeout();
      if (timeout !== undefined) next = next === undefined ? timeout : Math.min(next, timeout);
    }
    if (next === undefined) return false;
    this.now = Math.max(this.now, next);
    while (this.#queue.length > 0 && this.#queue[0]!.at <= this.now) {
      const delivery = this.#pop();
      const host = this.#hosts.get(delivery.to);
      if (!host || this.#down.has(delivery.to)) {
        this.stats.unroutable += 1;
        continue;
      }
      this.stats.delivered += 1;
      host.endpoint.handleDatagram(this.now, delivery.from, delivery.datagram);
      this.flush();
    }
    for (let i = this.#pendingValidations.length - 1; i >= 0; i--) {
      const pending = this.#pendingValidations[i]!;
      if (pending.at > this.now) continue;
      this.#pendingValidations.splice(i, 1);
      this.#host(pending.address).endpoint.completeCertificateValidation(
        this.now,
        pending.requestId,
        pending.result,
      );
    }
    for (const host of this.#hosts.values()) {
      const timeout = host.endpoint.pollTimeout();
      if (timeout !== undefined && timeout <= this.now) host.endpoint.handleTimeout(this.now);
    }
    this.flush();
    return true;
  }

  /** Steps until `done()` holds (true) or virtual time passes `now + maxMs` / nothing is left (false). */
  runUntil(done: () => boolean, maxMs = 60_000): boolean {
    const limit = this.now + maxMs;
    this.flush();
    while (!done()) {
      if (this.now > limit || !this.step()) return done();
    }
    return true;
  }

  /** Steps until virtual time reaches `time` exactly (timers due by then fire). */
  runUntilTime(time: number): void {
    this.flush();
    while (this.now < time) {
      let next: number | undefined = this.#queue[0]?.at;
      for (const host of this.#hosts.values()) {
        const timeout = host.endpoint.pollTimeout();
        if (timeout !== undefined) next = next === undefined ? timeout : Math.min(next, timeout);
      }
      for (const pending of this.#pendingValidations)
        next = next === undefined ? pending.at : Math.min(next, pending.at);
      if (next === undefined || next > time) {
        this.now = time;
        return;
      }
      this.step();
    }
  }

  #send(from: Address, to: Address, datagram: Uint8Array): void {
    this.stats.sent += 1;
    this.onSend?.(from, to, datagram);
    if (this.#down.has(from) || this.dropIf?.(from, to, datagram)) {
      this.stats.lost += 1;
      return;
    }
    const c = this.#linkConditions.get(`${from}>${to}`) ?? this.#conditions;
    if (c.mtu !== undefined && datagram.length > c.mtu) {
      this.stats.tooBig += 1;
      return;
    }
    if (this.#random() < (c.lossRate ?? 0)) {
      this.stats.lost += 1;
      return;
    }
    const copies = this.#random() < (c.duplicateRate ?? 0) ? 2 : 1;
    if (copies === 2) this.stats.duplicated += 1;
    for (let i = 0; i < copies; i++) {
      const min = c.minDelayMs ?? 1;
      const max = Math.max(min, c.maxDelayMs ?? min);
      let delay = min + this.#random() * (max - min);
      if (this.#random() < (c.reorderRate ?? 0)) {
        delay += c.reorderDelayMs ?? 20;
        this.stats.reordered += 1;
      }
      // Copy: the endpoint may keep its buffer (retransmissions resend the same bytes).
      this.#enqueue(from, to, datagram.slice(), this.now + delay);
    }
  }

  #host(address: Address): Host {
    const host = this.#hosts.get(address);
    if (!host) throw new Error(`No simulated host at ${address}.`);
    return host;
  }

  #enqueue(from: Address, to: Address, datagram: Uint8Array, at: number): void {
    const queue = this.#queue;
    queue.push({ at, order: this.#order++, from, to, datagram });
    let i = queue.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(queue[i]!, queue[parent]!)) break;
      [queue[parent], queue[i]] = [queue[i]!, queue[parent]!];
      i = parent;
    }
  }

  #pop(): Delivery {
    const queue = this.#queue;
    const top = queue[0]!;
    const last = queue.pop()!;
    if (queue.length > 0) {
      queue[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < queue.length && before(queue[left]!, queue[smallest]!)) smallest = left;
        if (right < queue.length && before(queue[right]!, queue[smallest]!)) smallest = right;
        if (smallest === i) break;
        [queue[smallest], queue[i]] = [queue[i]!, queue[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Delivery, b: Delivery): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
