// Runs one doc's blocks the way a reader would: one project folder, files saved into it, servers a block starts left
// running for the blocks below it (like a terminal left open), the addresses they print used by later lines.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BlockPlan } from './block-plan.ts';
import type { FencedBlock } from './fenced-blocks.ts';
import {
  type Background,
  pathWithShims,
  runModule,
  runShell,
  scratchFolder,
  startBackground,
} from './run-block.ts';
import { addressesIn, type ShellCommand, shellCommands, stablePrefix } from './shell-lines.ts';

/** A block with its plan, as the session gets it. */
export interface PlannedBlock {
  block: FencedBlock;
  plan: BlockPlan;
}

/**
 * One doc's run. `schedule` starts its blocks as a reader could: files first, then each command once the server it
 * talks to is up (independent blocks side by side); `close` stops what they left running. A failed block rejects
 * with a sentence, and only the blocks that needed its server fail with it.
 */
export class DocSession {
  readonly #root: string;
  #scratch: ReturnType<typeof scratchFolder> | undefined;
  readonly #running: Background[] = [];
  /** Per block that started a server: address the doc shows → address it really printed (free ports in tests). */
  readonly #learned = new Map<number, Map<string, string>>();

  constructor(root: string) {
    this.#root = root;
  }

  /** The project folder the doc's files and commands share, made on first use. */
  get folder(): string {
    this.#scratch ??= scratchFolder(this.#root);
    return this.#scratch.dir;
  }

  /** Starts every block of the doc that the session runs or saves; each block's result by line. */
  schedule(blocks: PlannedBlock[]): Map<number, Promise<string>> {
    const results = new Map<number, Promise<string>>();
    const saved: Promise<unknown>[] = [];
    const servers: { line: number; shows: string[]; up: Promise<unknown> }[] = [];
    for (const { block, plan } of blocks) {
      if (plan.kind === 'file' || plan.kind === 'save') {
        const result = new Promise<string>((resolve) => resolve(this.#save(block, plan)));
        saved.push(result.catch(() => undefined));
        results.set(block.line, result);
        continue;
      }
      const own = shownByServer(block, plan);
      const needed = addressesIn(block.code).filter((address) => !own.includes(address));
      const server = servers.findLast((each) => each.shows.some((address) => needed.includes(address)));
      const result = Promise.all([...saved, server?.up]).then(() => this.#run(block, plan, server?.line));
      results.set(block.line, result);
      if (own.length > 0) servers.push({ line: block.line, shows: own, up: result.catch(() => undefined) });
    }
    return results;
  }

  /** Stops every server the doc started and removes the project folder. */
  async close(): Promise<void> {
    await Promise.all(this.#running.splice(0).map((server) => server.stop()));
    this.#scratch?.remove();
  }

  #save(block: FencedBlock, plan: Extract<BlockPlan, { kind: 'file' | 'save' }>): string {
    const name = plan.kind === 'file' ? basename(plan.path) : plan.name;
    if (block.lang === 'json') JSON.parse(block.code);
    writeFileSync(join(this.folder, name), block.code);
    return `saved as ${name}`;
  }

  /** Runs a block; `after` is the line of the block whose server it talks to (its addresses are inherited). */
  #run(block: FencedBlock, plan: BlockPlan, after: number | undefined): Promise<string> {
    const addresses = new Map(after === undefined ? [] : this.#learned.get(after));
    this.#learned.set(block.line, addresses);
    switch (plan.kind) {
      case 'run-ts':
        return this.#runModule(block, plan);
      case 'run-shell':
        return this.#runShell(block, plan, addresses);
      case 'serve':
        return this.#serve(block, plan);
      default:
        return Promise.resolve('');
    }
  }

  async #runModule(block: FencedBlock, plan: Extract<BlockPlan, { kind: 'run-ts' }>): Promise<string> {
    const { exitCode, output } = await runModule(block.code, {
      dir: this.folder,
      name: `block-${block.line}`,
      env: this.#env(plan.env),
    });
    if (exitCode !== 0) throw new Error(`it exited with ${exitCode}:\n${output}`);
    if (plan.prints !== undefined && !output.includes(plan.prints)) {
      throw new Error(`it did not print "${plan.prints}":\n${output}`);
    }
    return 'ran, exit 0';
  }

  async #runShell(
    block: FencedBlock,
    plan: Extract<BlockPlan, { kind: 'run-shell' }>,
    addresses: Map<string, string>,
  ): Promise<string> {
    const cwd = plan.in === 'repo' ? this.#root : this.folder;
    const env = this.#env(plan.env);
    for (const step of shellCommands(block.code)) {
      const command = withAddresses(step.command, addresses);
      if (step.index === plan.background) {
        const server = startBackground(command, { cwd, env });
        this.#running.push(server);
        if (!(await server.waitFor(plan.until!))) {
          throw new Error(`\`${command}\` exited before printing "${plan.until}":\n${server.output()}`);
        }
        learnAddresses(step, server.output(), addresses);
        continue;
      }
      const { exitCode, output } = await runShell(command, { cwd, env });
      if (exitCode !== 0) throw new Error(`\`${command}\` exited with ${exitCode}:\n${output}`);
      expectOutput(step, output);
    }
    return 'ran, every command exit 0 and printed what the doc shows';
  }

  /** Each line is a separate way to start a server: all start side by side, each stops once it is ready. */
  async #serve(block: FencedBlock, plan: Extract<BlockPlan, { kind: 'serve' }>): Promise<string> {
    const cwd = plan.in === 'repo' ? this.#root : this.folder;
    const env = this.#env(plan.env);
    const steps = shellCommands(block.code).filter((step) => !plan.skipLines.includes(step.index));
    await Promise.all(
      steps.map(async (step) => {
        const server = startBackground(step.command, { cwd, env });
        const ready = await server.waitFor(plan.until);
        await server.stop();
        if (!ready) {
          throw new Error(`\`${step.command}\` exited before printing "${plan.until}":\n${server.output()}`);
        }
      }),
    );
    const started = steps.map((step) => `#${step.index}`).join(', ');
    const skipped =
      plan.skipLines.length > 0 ? `; skipped #${plan.skipLines.join(', #')}: ${plan.reason}` : '';
    return `started ${started} until "${plan.until}", then stopped${skipped}`;
  }

  /** The block's env over the project's: its command shims first in PATH. */
  #env(extra: Record<string, string>): NodeJS.ProcessEnv {
    return { PATH: pathWithShims(this.folder), ...extra };
  }
}

/** The addresses the `# …` lines under a block's server command show (what later lines will use). */
function shownByServer(block: FencedBlock, plan: BlockPlan): string[] {
  if (plan.kind !== 'run-shell' || plan.background === undefined) return [];
  const server = shellCommands(block.code).find((step) => step.index === plan.background);
  return server?.expected.flatMap(addressesIn) ?? [];
}

/** The doc's expected line and the server's real one, matched by their stable text: their addresses pair up. */
function learnAddresses(step: ShellCommand, output: string, addresses: Map<string, string>): void {
  for (const expected of step.expected) {
    const prefix = stablePrefix(expected);
    const actual = output.split('\n').find((line) => prefix !== '' && line.includes(prefix));
    if (actual === undefined) throw new Error(`\`${step.command}\` did not print "${prefix}":\n${output}`);
    const real = addressesIn(actual);
    addressesIn(expected).forEach((shown, index) => {
      if (real[index] !== undefined) addresses.set(shown, real[index]!);
    });
  }
}

function withAddresses(command: string, addresses: Map<string, string>): string {
  let result = command;
  for (const [shown, real] of addresses) result = result.replaceAll(shown, real);
  return result;
}

/** Each `# …` line under a command: its stable text must appear in what the command printed. */
function expectOutput(step: ShellCommand, output: string): void {
  for (const expected of step.expected) {
    const prefix = stablePrefix(expected);
    if (prefix !== '' && !output.includes(prefix)) {
      throw new Error(
        `\`${step.command}\` did not print "${prefix}" (the doc shows "${expected}"):\n${output}`,
      );
    }
  }
}
