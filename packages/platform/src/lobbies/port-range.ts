// Lobby UDP port ranges (LOBBY_PORTS=40000-40999): parsing, and the order in which a range's ports are tried.
import { ConfigErrors } from '../errors.ts';

/** An inclusive range of UDP ports, e.g. `{ first: 40000, last: 40999 }`. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

const RANGE = /^(\d{1,5})\s*-\s*(\d{1,5})$/;
const SINGLE = /^\d{1,5}$/;

/**
 * Parses `40000-40999` (or a single port, `40000`) into a range of ports 1–65535, first ≤ last.
 * `name` is what the operator wrote it in (LOBBY_PORTS, --lobby-ports), for the error sentence.
 * @throws ConfigError `PC_CONFIG_PORT_RANGE` for anything else.
 *
 * @example
 * parsePortRange('40000-40999', 'LOBBY_PORTS'); // { first: 40000, last: 40999 }
 */
export function parsePortRange(text: string, name: string): PortRange {
  const raw = text.trim();
  const match = RANGE.exec(raw) ?? (SINGLE.test(raw) ? [raw, raw, raw] : null);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (match === null || first < 1 || last > 65535 || first > last) {
    throw new ConfigErrors.PORT_RANGE({ name, raw: text });
  }
  return { first, last };
}

/** How many ports the range holds. */
function portCount(range: PortRange): number {
  return range.last - range.first + 1;
}

/**
 * The range's ports from `start` (its first port when `start` lies outside), wrapping around: successive lobbies
 * spread over the range instead of retrying the ports just freed.
 */
export function* portsFrom(range: PortRange, start: number): Generator<number> {
  const count = portCount(range);
  const offset = start >= range.first && start <= range.last ? start - range.first : 0;
  for (let i = 0; i < count; i += 1) yield range.first + ((offset + i) % count);
}
