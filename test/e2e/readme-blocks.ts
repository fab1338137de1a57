// The root README's newcomer blocks (`<!-- doc-test: newcomer=NAME -->` above the fence): what the newcomer test types.
import { type FencedBlock, fencedBlocks } from '../support/doc-blocks/fenced-blocks.ts';
import { shellCommands } from '../support/doc-blocks/shell-lines.ts';

/** The README blocks the newcomer test runs (bash) or holds to its captured screens (text), by name. */
export const NEWCOMER_BLOCKS = ['server', 'player', 'screen', 'scripted-players', 'scores', 'echo'] as const;
export type NewcomerBlockName = (typeof NEWCOMER_BLOCKS)[number];

const ANNOTATION = /^newcomer=([\w-]+)$/;

/** The newcomer block a fenced block is, if it is one. */
export function newcomerName(block: FencedBlock): string | undefined {
  return ANNOTATION.exec(block.annotation ?? '')?.[1];
}

/**
 * The README's newcomer blocks by name; throws naming the missing ones, so a README edit that drops a block fails
 * the test instead of skipping it.
 *
 * @example
 * const blocks = newcomerBlocks(readFileSync('README.md', 'utf8'));
 * commandsOf(blocks.server); // ['npm ci', 'npm start']
 */
export function newcomerBlocks(markdown: string): Record<NewcomerBlockName, FencedBlock> {
  const found = new Map(
    fencedBlocks(markdown).flatMap((block) => {
      const name = newcomerName(block);
      return name === undefined ? [] : [[name, block] as const];
    }),
  );
  const missing = NEWCOMER_BLOCKS.filter((name) => !found.has(name));
  if (missing.length > 0)
    throw new Error(`README.md has no <!-- doc-test: newcomer=NAME --> block for: ${missing.join(', ')}`);
  return Object.fromEntries(NEWCOMER_BLOCKS.map((name) => [name, found.get(name)!])) as Record<
    NewcomerBlockName,
    FencedBlock
  >;
}

/** A bash block's commands as typed: without the `# …` comment after a command, nor the output lines below it. */
export function commandsOf(block: FencedBlock): string[] {
  return shellCommands(block.code).map((command) => command.command.replace(/\s+#\s.*$/, ''));
}
