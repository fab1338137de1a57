// Every fenced block in docs/*.md is checked: programs run, shell lines run against real servers, the rest is held
// to the code it describes. An untagged or unhandled block fails with its doc and line.
//
// The convention (an HTML comment on the last non-blank line above the fence, invisible when rendered):
// - ```ts/```js, no comment: runs as a module (tsx on the workspace sources) in the doc's project folder; must exit 0.
//   `<!-- doc-test: run prints="hi" -->` also wants that text in its output.
// - ```bash: `<!-- doc-test: run [in=repo] [env="K=V …"] [background=N until="WORDS"] -->` runs each line in order
//   (the doc's project folder, or the repository root), each must exit 0 and print the stable part of the `# …` lines
//   below it. Line N is a server: started, awaited until it prints WORDS, left running for the lines and blocks below;
//   the addresses its `# …` line shows are replaced in later lines by the ones it printed (ports come from the env
//   the doc explains, e.g. UDP_PORT=0). `<!-- doc-test: serve until="WORDS" [skip-lines=N reason="…"] -->`: each line
//   is a long-running command, started, awaited until WORDS, then stopped with SIGINT.
// - `<!-- file: PATH -->`: the block is that file, verbatim; the tests in support/doc-blocks/covered-elsewhere.ts run it.
//   It is also saved into the doc's project folder, as the reader saves it.
// - `<!-- doc-test: save=NAME -->` (e.g. a tsconfig.json): parsed if JSON, saved into the project folder for later lines.
// - ```text (diagrams, grammars, samples): `<!-- doc-test: check=NAME [of=PATH] -->`, NAME in support/doc-blocks/checks.ts.
// - PROTOCOL.md's generated test-vectors section: ```text, checked by protocol-doc.test.ts and decoded here.
// - `<!-- doc-test: skip REASON -->`: rare; the reason says why it cannot run in a test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type BlockPlan, planBlock } from './support/doc-blocks/block-plan.ts';
import { CHECKS, checkProtocolVector } from './support/doc-blocks/checks.ts';
import { coveringTests } from './support/doc-blocks/covered-elsewhere.ts';
import { DocSession } from './support/doc-blocks/doc-session.ts';
import { type FencedBlock, fencedBlocks } from './support/doc-blocks/fenced-blocks.ts';
import { stopStragglers } from './support/doc-blocks/run-block.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = readdirSync(`${root}docs`).filter((name) => name.endsWith('.md'));

interface Entry {
  doc: string;
  block: FencedBlock;
  plan: BlockPlan;
}

const entries: Entry[] = docs.flatMap((doc) =>
  fencedBlocks(readFileSync(`${root}docs/${doc}`, 'utf8')).map((block) => ({
    doc,
    block,
    plan: planBlock(block),
  })),
);

/** What a session does for the block; pure checks run in the test itself. */
const SESSION_KINDS = new Set<BlockPlan['kind']>(['file', 'save', 'run-ts', 'run-shell', 'serve']);

/**
 * Each doc runs in one session (support/doc-blocks/doc-session.ts), all docs side by side, started by the first test
 * that needs them. A block's test awaits its own result, so every block passes or fails on its own line.
 */
const sessions = new Map<string, { session: DocSession; results: Map<number, Promise<string>> }>();

function resultOf(entry: Entry): Promise<string> {
  if (sessions.size === 0) {
    for (const doc of docs) {
      const session = new DocSession(root);
      const blocks = entries.filter((each) => each.doc === doc && SESSION_KINDS.has(each.plan.kind));
      sessions.set(doc, { session, results: session.schedule(blocks) });
    }
  }
  return sessions.get(entry.doc)!.results.get(entry.block.line)!;
}

afterAll(async () => {
  await Promise.all([...sessions.values()].map(({ session }) => session.close()));
  stopStragglers(); // blocks still running because their test was filtered out or timed out
});

function label({ doc, block, plan }: Entry): string {
  return `docs/${doc}:${block.line} (${block.lang || 'untagged'}) ${plan.kind}`;
}

describe('docs/*.md code blocks', () => {
  it('finds the blocks of every doc that has some', () => {
    expect(entries.length).toBeGreaterThan(30);
  });

  // A block's test may wait for the blocks its doc runs before it (a server, saved files): a roomier timeout.
  it.each(entries.map((entry) => [label(entry), entry] as const))(
    '%s',
    async (_, entry) => {
      if (!checkInPlace(entry)) return;
      try {
        await resultOf(entry);
      } catch (error) {
        throw new Error(`docs/${entry.doc}:${entry.block.line}: ${(error as Error).message}`);
      }
    },
    60_000,
  );
});

/** The checks made on the block's text alone; true when its doc's session also runs (or saves) it. */
function checkInPlace({ doc, block, plan }: Entry): boolean {
  const where = `docs/${doc}:${block.line}`;
  switch (plan.kind) {
    case 'unhandled':
      throw new Error(`${where}: ${plan.why}.`);
    case 'skip':
      expect(plan.reason.length, `${where}: say why it is skipped`).toBeGreaterThan(10);
      return false;
    case 'generated':
      expect(existsSync(`${root}packages/protocol/test/wire/protocol-doc.test.ts`)).toBe(true);
      checkProtocolVector(block.code);
      return false;
    case 'check': {
      const check = CHECKS[plan.name];
      if (check === undefined) throw new Error(`${where}: no check named "${plan.name}" in checks.ts.`);
      check(block.code, root, plan.of);
      return false;
    }
    case 'file': {
      expect(block.code, `${where} differs from ${plan.path}`).toBe(
        readFileSync(`${root}${plan.path}`, 'utf8'),
      );
      const tests = coveringTests(plan.path);
      const name = plan.path.split('/').pop()!;
      expect(tests, `${where}: no test runs ${plan.path}`).not.toEqual([]);
      expect(tests.some((test) => readFileSync(`${root}${test}`, 'utf8').includes(name))).toBe(true);
      return true;
    }
    default:
      return true;
  }
}

describe('the doc-test convention', () => {
  const plans = (markdown: string) =>
    fencedBlocks(markdown).map((block) => [block.line, planBlock(block).kind]);

  it('fails an untagged block, and a shell or text block that does not say how it is checked', () => {
    expect(plans('# x\n\n```\nno tag\n```\n\n```bash\nls\n```\n\n```text\na → b\n```\n')).toEqual([
      [3, 'unhandled'],
      [7, 'unhandled'],
      [11, 'unhandled'],
    ]);
  });

  it('reads the annotation on the last non-blank line above the fence', () => {
    const markdown = [
      '<!-- doc-test: run background=1 until="ready" env="PORT=0" -->',
      '```bash',
      'npx tsx server.ts',
      '# ready on 127.0.0.1:40200',
      '```',
      '',
      '<!-- doc-test: skip -->',
      '```bash',
      'rm -rf /',
      '```',
      '<!-- file: a/b.ts -->',
      '```ts',
      'export {};',
      '```',
      '```ts',
      'console.log(1);',
      '```',
    ].join('\n');
    const blocks = fencedBlocks(markdown);
    expect(blocks.map(planBlock)).toEqual([
      { kind: 'run-shell', in: 'scratch', env: { PORT: '0' }, background: 1, until: 'ready' },
      { kind: 'unhandled', why: 'a skip needs a reason (why this block cannot run in a test)' },
      { kind: 'file', path: 'a/b.ts' },
      { kind: 'run-ts', env: {} },
    ]);
    expect(blocks[2]!.code).toBe('export {};\n');
  });
});
