// The root README: its first screen gets a newcomer playing, and every command it shows is typed by the newcomer test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandsOf, NEWCOMER_BLOCKS, newcomerBlocks, newcomerName } from './e2e/readme-blocks.ts';
import { fencedBlocks } from './support/doc-blocks/fenced-blocks.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
/** The screens `npm run e2e:newcomer` captured last (committed beside its timings). */
const captured = readFileSync(`${root}bench/results/e2e-newcomer-screens.txt`, 'utf8');
/** A terminal's first screen, and about what GitHub shows above the fold. */
const FIRST_SCREEN_LINES = 50;

/** Ports vary from run to run: the e2e picks free ones, the README shows the defaults. */
const withoutPorts = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');

describe('README.md', () => {
  const blocks = newcomerBlocks(readme);

  it('shows, on its first screen, the install and start commands, then the client for two more terminals', () => {
    expect(commandsOf(blocks.server)).toEqual(['npm ci', 'npm start']);
    expect(commandsOf(blocks.player)).toEqual(['npx paperclip']);
    expect(blocks.server.line).toBeLessThan(blocks.player.line);
    expect(blocks.player.line).toBeLessThan(FIRST_SCREEN_LINES);
  });

  it('has every shell block typed by npm run e2e:newcomer (a newcomer=NAME block), so none goes untested', () => {
    const shellBlocks = fencedBlocks(readme).filter((block) => ['bash', 'sh', 'shell'].includes(block.lang));
    for (const block of shellBlocks) {
      expect(NEWCOMER_BLOCKS, `README.md:${block.line}`).toContain(newcomerName(block));
    }
  });

  it("shows a round as the newcomer test's last run captured it", () => {
    // Every line of the README's screen appears, in order, in the captured screens (lines may be left out).
    const screen = withoutPorts(captured).split('\n');
    let at = 0;
    for (const line of withoutPorts(blocks.screen.code).trimEnd().split('\n')) {
      const found = screen.indexOf(line, at);
      expect(found, `README screen line not captured in this order: ${line}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
  });

  it('never tells people to install or run the unrelated `paperclip` npm package outside the clone', () => {
    expect(readme).not.toMatch(/npm (install|i) paperclip\b/);
    expect(readme).not.toMatch(/npx -y paperclip\b|npm exec paperclip\b/);
    // Every `npx paperclip` outside a newcomer block (which runs in the clone) says it is for inside the clone.
    const prose = fencedBlocks(readme).reduce((text, block) => text.replace(block.code, ''), readme);
    for (const paragraph of prose.split(/\n\n/).filter((text) => /npx paperclip\b/.test(text))) {
      expect(paragraph, paragraph).toMatch(/inside (the|this) (clone|repository)|once it is installed/);
    }
  });
});
