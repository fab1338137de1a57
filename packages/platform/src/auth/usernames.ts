// Usernames after PRECIS (RFC 8265, UsernameCaseMapped): one canonical form for uniqueness and lookups, a
// validator that refuses invisible, control, bidi-override and compatibility characters, and a UTS #39
// skeleton so names that merely look alike ("аlice" with a Cyrillic а, "aIice") cannot sit side by side.
import { CONFUSABLES } from './confusables-data.ts';

/** Longest username, in UTF-16 code units (the seed's String(255)). */
const USERNAME_MAX_LENGTH = 255;

/** Most combining marks allowed in a row (Indic clusters need 2–3; "zalgo" text stacks dozens). */
const MAX_MARK_RUN = 3;

// Full-width and half-width forms (PRECIS width mapping maps them to their decomposition).
const WIDTH_FORMS = /[\uFF01-\uFFEE]/gu;
// Right-to-left marks, embeddings, overrides and isolates, and the Arabic letter mark.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Zero-width and other invisible characters: format characters (ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen, …),
// every Default_Ignorable_Code_Point (variation selectors, Hangul fillers, CGJ) and the Hangul filler letters.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
// What PRECIS IdentifierClass allows, per userpart (RFC 8264 §9.1): letters and digits (Ll Lu Lo Nd Lm Mn Mc)
// and printable ASCII; plain spaces separate userparts (RFC 8265 §3.5). Everything else is refused: symbols,
// non-ASCII punctuation, other spaces, Lt/Nl/No/Me, controls, private use and unassigned code points.
const NOT_IDENTIFIER = /[^\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}\u0020-\u007E]/u;
// Conjoining (old) Hangul jamo left over after NFC: PRECIS OldHangulJamo, disallowed.
const OLD_HANGUL_JAMO = /[\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]/u;
const MARK_RUN = new RegExp(`\\p{M}{${MAX_MARK_RUN + 1},}`, 'u');
// Strong right-to-left scripts; mixing them with other letters breaks the Bidi Rule (RFC 5893) in spirit.
const RTL_LETTER =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const LTR_LETTER =
  /(?![\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}])\p{L}/u;
// Generic diacritics, removed from skeletons so "alicé" and "alice" count as look-alikes (stricter than UTS #39).
const DIACRITICS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/gu;
const INVISIBLE_ALL = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * The canonical form of a username (RFC 8265 §3.3.2 enforcement order): full-/half-width forms mapped, Unicode
 * toLowerCase(), NFC. RFC 8265 chose toLowerCase over full case folding, so do we: folding would also merge
 * e.g. "ß" with "ss", which are different names to their owners. Pure and total: use it to key anything by name.
 */
export function canonicalUsername(name: string): string {
  return name
    .replace(WIDTH_FORMS, (char) => char.normalize('NFKC'))
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFC');
}

/** Why `name` cannot be a username (one sentence for the user), or undefined when it can. */
export function usernameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A username must not be empty.';
  if (name.length > USERNAME_MAX_LENGTH)
    return `A username must be at most ${USERNAME_MAX_LENGTH} characters long.`;
  // Also its full-width form, which width mapping turns into ':'.
  if (name.includes(':') || canonicalUsername(name).includes(':'))
    return 'A username must not contain ":" (HTTP Basic authentication splits the username from the password there).';
  if (/^[\s\p{Z}]|[\s\p{Z}]$/u.test(name)) return 'A username must not begin or end with a space.';
  if (/\p{Cc}/u.test(name)) return 'A username must not contain control characters.';
  if (BIDI_CONTROLS.test(name))
    return 'A username must not contain bidirectional control characters such as right-to-left overrides.';
  if (INVISIBLE.test(name))
    return 'A username must not contain invisible characters such as zero-width spaces or joiners.';
  if (/ {2}/.test(name)) return 'A username must not contain two spaces in a row.';
  const canonical = canonicalUsername(name);
  if (canonical.length > USERNAME_MAX_LENGTH)
    return `A username must be at most ${USERNAME_MAX_LENGTH} characters long.`;
  const bad = NOT_IDENTIFIER.exec(canonical) ?? OLD_HANGUL_JAMO.exec(canonical);
  if (bad !== null)
    return `A username must not contain ${describe(bad[0])}: use letters, digits and ASCII punctuation.`;
  if (canonical.normalize('NFKC') !== canonical)
    return 'A username must not contain compatibility characters such as ligatures, superscripts or circled letters.';
  if (/(^|\s)\p{M}/u.test(canonical)) return 'A username must not begin a word with a combining mark.';
  if (MARK_RUN.test(canonical))
    return `A username must not stack more than ${MAX_MARK_RUN} combining marks on one letter.`;
  if (RTL_LETTER.test(canonical) && LTR_LETTER.test(canonical))
    return 'A username must not mix right-to-left letters (such as Hebrew or Arabic) with other letters.';
  return undefined;
}

/**
 * The confusable skeleton of a username: UTS #39 skeleton (NFD, default-ignorables removed, each character
 * mapped to its confusables.txt prototype, NFD), then lower-cased and mapped once more (prototypes may be
 * capitals: "0" → "O"), with generic diacritics removed. Two names with one skeleton look alike.
 */
export function usernameSkeleton(name: string): string {
  const base = name.replace(WIDTH_FORMS, (char) => char.normalize('NFKC')).normalize('NFC');
  const once = utsSkeleton(base);
  return utsSkeleton(once.toLowerCase()).replace(DIACRITICS, '').normalize('NFC');
}

/** Whether two usernames are the same name or look alike. */
export function usernamesConfusable(a: string, b: string): boolean {
  return canonicalUsername(a) === canonicalUsername(b) || usernameSkeleton(a) === usernameSkeleton(b);
}

/** The UTS #39 skeleton(X) of a string (§4, Confusable Detection). */
export function utsSkeleton(text: string): string {
  const prototypes = confusables();
  let mapped = '';
  for (const char of text.normalize('NFD').replace(INVISIBLE_ALL, '')) {
    mapped += prototypes.get(char) ?? char;
  }
  return mapped.normalize('NFD');
}

let table: Map<string, string> | undefined;

/** The confusables table, parsed on first use (about 6,500 entries). */
function confusables(): Map<string, string> {
  if (table !== undefined) return table;
  table = new Map();
  const fromHex = (hex: string) => String.fromCodePoint(Number.parseInt(hex, 16));
  for (const chunk of CONFUSABLES) {
    for (const entry of chunk.split(' ')) {
      const [from = '', to = ''] = entry.split(':');
      table.set(fromHex(from), to.split('.').map(fromHex).join(''));
    }
  }
  return table;
}

function describe(char: string): string {
  const code = char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
  return /\s/u.test(char) ? `U+${code} (a space other than the plain space)` : `"${char}" (U+${code})`;
}
