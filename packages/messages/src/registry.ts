// The message registry: integer ids for named message types, fingerprints, and the client's adoption of server ids.
import type { MessageType } from './define-message.ts';
import { canonicalJson, fnv1a64 } from './hash.ts';

/** Ids below this are the layer's own control messages (peng3dnet keeps ids < 16 internal too). */
export const FIRST_USER_MESSAGE_ID = 16;

/** One registry entry as sent in the server's WELCOME. */
export interface RegistryEntry {
  id: number;
  name: string;
  /** fnv1a64 of the canonical definition: schema, delivery kind and rules. */
  fingerprint: string;
}

/** A message type with the id it has on one connection. */
export interface BoundMessageType {
  id: number;
  type: MessageType;
  fingerprint: string;
}

/** Id ↔ type lookup for one connection: the server's own, or the one a client adopted from WELCOME. */
export class IdTable {
  readonly #byId = new Map<number, BoundMessageType>();
  readonly #byName = new Map<string, BoundMessageType>();
  constructor(bound: readonly BoundMessageType[]) {
    for (const entry of bound) {
      this.#byId.set(entry.id, entry);
      this.#byName.set(entry.type.name, entry);
    }
  }
  /** The entry with this wire id, if any. */
  byId(id: number): BoundMessageType | undefined {
    return this.#byId.get(id);
  }
  /** The entry for this message name, if any. */
  byName(name: string): BoundMessageType | undefined {
    return this.#byName.get(name);
  }
}

/** Fingerprint of one definition. Everything both sides must agree on is in it. */
function fingerprintOf(type: MessageType): string {
  return fnv1a64(
    canonicalJson({
      name: type.name,
      delivery: type.delivery,
      from: type.from,
      states: type.states,
      onViolation: type.onViolation,
      schema: type.schema,
    }),
  );
}

/** Result of comparing a server's WELCOME entries with our definitions. */
export type AdoptResult = { ok: true; table: IdTable } | { ok: false; message: string };

/**
 * A fixed set of message types. Ids are assigned in name order from {@link FIRST_USER_MESSAGE_ID},
 * so two registries with the same definitions assign the same ids; clients still adopt the
 * server's ids at connect, which is what makes ids safe across versions.
 */
export class MessageRegistry {
  readonly #types: readonly MessageType[];
  readonly #entries: readonly RegistryEntry[];
  readonly #table: IdTable;
  /** fnv1a64 over every entry's name and fingerprint: equal hashes mean equal registries. */
  readonly hash: string;

  constructor(types: readonly MessageType[]) {
    const sorted = [...types].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.name === sorted[i - 1]!.name) {
        throw new TypeError(`Message "${sorted[i]!.name}" is defined twice in one registry.`);
      }
    }
    this.#types = sorted;
    const bound = sorted.map((type, index) => ({
      id: FIRST_USER_MESSAGE_ID + index,
      type,
      fingerprint: fingerprintOf(type),
    }));
    this.#entries = bound.map(({ id, type, fingerprint }) => ({ id, name: type.name, fingerprint }));
    this.#table = new IdTable(bound);
    this.hash = registryHash(this.#entries);
  }

  /** The message types, in id order. */
  get types(): readonly MessageType[] {
    return this.#types;
  }

  /** The entries the server sends in WELCOME. */
  get entries(): readonly RegistryEntry[] {
    return this.#entries;
  }

  /** This registry's own id table (what a server uses). */
  get table(): IdTable {
    return this.#table;
  }

  /**
   * Adopts a server's ids. Any difference (a name on one side only, or a differing definition)
   * is a mismatch: the message names them, so the user knows what to fix.
   */
  adopt(remote: readonly RegistryEntry[], remoteHash: string): AdoptResult {
    const remoteByName = new Map(remote.map((entry) => [entry.name, entry]));
    const onlyLocal: string[] = [];
    const differing: string[] = [];
    const bound: BoundMessageType[] = [];
    for (const type of this.#types) {
      const theirs = remoteByName.get(type.name);
      if (!theirs) {
        onlyLocal.push(type.name);
        continue;
      }
      const local = this.#table.byName(type.name)!;
      if (theirs.fingerprint !== local.fingerprint) differing.push(type.name);
      bound.push({ id: theirs.id, type, fingerprint: local.fingerprint });
      remoteByName.delete(type.name);
    }
    const onlyRemote = [...remoteByName.keys()];
    const problems = [
      onlyLocal.length > 0 ? `only the client defines ${onlyLocal.join(', ')}` : '',
      onlyRemote.length > 0 ? `only the server defines ${onlyRemote.join(', ')}` : '',
      differing.length > 0 ? `definitions differ for ${differing.join(', ')}` : '',
    ].filter((text) => text !== '');
    if (problems.length === 0 && remoteHash !== registryHash(remote))
      problems.push('the registry hash is wrong');
    if (problems.length === 0 && remoteHash !== this.hash) problems.push('the registry hashes differ');
    if (problems.length > 0) {
      return { ok: false, message: `Client and server define different messages: ${problems.join('; ')}.` };
    }
    return { ok: true, table: new IdTable(bound) };
  }
}

/** Hash of a list of entries, independent of their order and ids. */
export function registryHash(entries: readonly RegistryEntry[]): string {
  const lines = entries.map((entry) => `${entry.name}=${entry.fingerprint}`).sort();
  return fnv1a64(lines.join('\n'));
}
