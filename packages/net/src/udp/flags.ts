// The seed's send flags accepted by name ("RELIABLE,ENCRYPTED", ['RELIABLE']) or as Flag bits.
import { Flag, type FlagName, KNOWN_FLAGS_MASK } from '@paperclip/protocol';
import { UdpErrors } from './udp-errors.ts';

/** Flags as bits (`Flag.RELIABLE | Flag.ENCRYPTED`), one name, a list of names, or "A,B" / "A|B" text. */
export type FlagInput = number | FlagName | readonly FlagName[] | string;

/** PC_UDP_FLAG_FORMAT: thrown for an unknown flag name or bit; the message is a sentence. */
export const FlagFormatError = UdpErrors.FLAG_FORMAT;
export type FlagFormatError = InstanceType<typeof FlagFormatError>;

/** Converts any {@link FlagInput} to Flag bits. Throws {@link FlagFormatError} for unknown flags. */
export function parseFlags(input: FlagInput | undefined): number {
  if (input === undefined) return 0;
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || (input & ~KNOWN_FLAGS_MASK) !== 0) {
      throw new FlagFormatError({ what: `The bit set 0x${input.toString(16)}` });
    }
    return input;
  }
  const names = typeof input === 'string' ? input.split(/[,|\s]+/) : input;
  let bits = 0;
  for (const raw of names) {
    const name = raw.trim().toUpperCase();
    if (name === '') continue;
    if (!Object.hasOwn(Flag, name)) throw new FlagFormatError({ what: `"${raw}"` });
    bits |= Flag[name as FlagName];
  }
  return bits;
}

/** The names of the flags set in `bits`, in wire order (RELIABLE first). */
export function flagNames(bits: number): FlagName[] {
  return (Object.keys(Flag) as FlagName[]).filter((name) => (bits & Flag[name]) !== 0);
}
