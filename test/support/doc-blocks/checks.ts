// The checks behind `<!-- doc-test: check=NAME -->`: what a block that is not a program (diagram, grammar, sample) is held to.
import { readdirSync, readFileSync } from 'node:fs';
import { DEFAULT_PING_QUERY_BYTES, DELIVERY_WIRE, MAX_PING_QUERY_BYTES } from '@paperclip/messages';
import { decodePacket } from '@paperclip/protocol';
import { expect } from 'vitest';
import { encodeSeedReply } from '../../../apps/rps/src/seed-json.ts';

/** A check gets the block's text, the repository root and its `of=PATH` option; it fails through `expect`. */
export type BlockCheck = (code: string, root: string, of?: string) => void;

const read = (root: string, path: string) => readFileSync(`${root}${path}`, 'utf8');

/** The checks by name. Each says in one line what it proves. */
export const CHECKS: Record<string, BlockCheck> = {
  /** A shortened excerpt of a source file (`of=PATH`): every member and `key: literal` it shows is in that file. */
  excerpt: (code, root, of) => {
    if (of === undefined) throw new Error('check=excerpt needs of=PATH, the file it is taken from.');
    const source = read(root, of).replace(/\s+/g, ' ');
    for (const [, member] of code.matchAll(/(\w+)\s*[:(]/g)) {
      expect(source, `${member} is not in ${of}`).toMatch(new RegExp(`\\b${member}\\s*[:(]`));
    }
    for (const [pair] of code.matchAll(/\w+: (?:'[^']*'|\d+)/g)) expect(source).toContain(pair);
  },

  /** A sample screen another test asserts (`of=TEST`): each of its non-blank lines is written in that test. */
  'asserted-by': (code, root, of) => {
    if (of === undefined)
      throw new Error('check=asserted-by needs of=PATH, the test that asserts the lines.');
    const test = read(root, of);
    for (const line of code.split('\n').filter((each) => each.trim() !== '')) {
      expect(test, `${of} does not assert "${line}"`).toContain(line);
    }
  },

  /** ARCHITECTURE.md's layer diagram names exactly the workspace packages. */
  'architecture-layers': (code, root) => {
    const named = new Set([...code.matchAll(/@paperclip\/([\w-]+)/g)].map((match) => match[1]!));
    const packages = readdirSync(`${root}packages`).filter((name) => !name.startsWith('.'));
    expect([...named].sort()).toEqual(packages.sort());
    expect(code).toContain('apps/rps');
  },

  /** MESSAGES.md's frame grammar: the delivery numbers are the codec's. */
  'message-frames': (code) => {
    for (const [delivery, wire] of Object.entries(DELIVERY_WIRE))
      expect(code).toContain(`${wire} ${delivery}`);
    expect(code).toMatch(/head\s*=\s*messageId \* 4 \+ delivery/);
  },

  /** MESSAGES.md's ping grammar: the magic words and the query sizes are the code's. */
  'ping-grammar': (code) => {
    expect(code).toContain('query  = "PCPQ"');
    expect(code).toContain('answer = "PCPA"');
    expect(code).toContain(`64..${MAX_PING_QUERY_BYTES} bytes (default ${DEFAULT_PING_QUERY_BYTES})`);
  },

  /** RPS.md's seed round reply is byte for byte what the RPS server encodes for the same values. */
  'rps-seed-json': (code) => {
    const line = code.trim();
    const reply = JSON.parse(line);
    expect(new TextDecoder().decode(encodeSeedReply(reply))).toBe(line);
  },

  /** RPS.md's GET /scores/ sample: the route and every field it shows exist in the platform's scores route. */
  'scores-route': (code, root) => {
    const route = read(root, 'packages/platform/src/http/routes/scores-routes.ts');
    expect(code).toMatch(/^GET \/scores\/\?game-id=/);
    expect(route).toContain("'/scores/'");
    for (const field of ['game-id', 'account-id', 'limit', 'game-name', 'username', 'score']) {
      expect(code).toContain(field);
      expect(route).toContain(field);
    }
  },
};

/** PROTOCOL.md's generated vectors: every hex block decodes with the real codec (protocol-doc.test.ts checks the tables). */
export function checkProtocolVector(code: string): void {
  const hex = code.replace(/\s+/g, '');
  expect(hex).toMatch(/^([0-9a-f]{2})+$/);
  expect(() => decodePacket(Buffer.from(hex, 'hex'))).not.toThrow();
}
