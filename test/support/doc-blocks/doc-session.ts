// Runs one doc's blocks in order, the way a reader would: one project folder, files saved into it, servers a block
// starts left running for the blocks below it (like a terminal left open), addresses they print used by later lines.
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

/** One doc's run: call `run` for each block in order, then `close`. A failed block throws a sentence. */
export class DocSession {
  readonly #root: string;
  #scratch: ReturnType<typeof scratchFolder> | undefined;
  readonly #running: Background[] = [];
  /** Address the doc shows → address the server really printed (ports are free ones in the test). */
  readonly #addresses = new Map<string, string>();

  constructor(root: string) {
    this.#root = root;
  }

  /** The project folder the doc's files and commands share, made on first use. */
  get folder(): string {
    this.#scratch ??= scratchFolder(this.#root);
    return this.#scratch.dir;
  }

  /** Runs (or saves) one block; blocks whose plan is a pure check are not the session's business. */
  async run(block: FencedBlock, plan: BlockPlan): Promise<string> {
    switch (plan.kind) {
      case 'file':
        writeFileSync(join(this.folder, basename(plan.path)), block.code);
        return `saved as ${basename(plan.path)}`;
      case 'save':
        if (block.lang === 'json') JSON.parse(block.code);
        writeFileSync(join(this.folder, plan.name), block.code);
        return `saved as ${plan.name}`;
      case 'run-ts':
        return this.#runModule(block, plan);
      case 'run-shell':
        return this.#runShell(block, plan);
      case 'serve':
        return this.#serve(block, plan);
      default:
        return '';
    }
  }

  /** Stops every server the doc started and removes the project folder. */
  async close(): Promise<void> {
    await Promise.all(this.#running.splice(0).map((server) => server.stop()));
    this.#scratch?.remove();
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

  async #runShell(block: FencedBlock, plan: Extract<BlockPlan, { kind: 'run-shell' }>): Promise<string> {
    const cwd = plan.in === 'repo' ? this.#root : this.folder;
    const env = this.#env(plan.env);
    for (const step of shellCommands(block.code)) {
      const command = this.#withAddresses(step.command);
      if (step.index === plan.background) {
        const server = startBackground(command, { cwd, env });
        this.#running.push(server);
        if (!(await server.waitFor(plan.until!))) {
          throw new Error(`\`${command}\` exited before printing "${plan.until}":\n${server.output()}`);
        }
        this.#learnAddresses(step, server.output());
        continue;
      }
      const { exitCode, output } = await runShell(command, { cwd, env });
      if (exitCode !== 0) throw new Error(`\`${command}\` exited with ${exitCode}:\n${output}`);
      expectOutput(step, output);
    }
    return 'ran, every command exit 0 and printed what the doc shows';
  }

  async #serve(block: FencedBlock, plan: Extract<BlockPlan, { kind: 'serve' }>): Promise<string> {
    const cwd = plan.in === 'repo' ? this.#root : this.folder;
    const env = this.#env(plan.env);
    const started: string[] = [];
    for (const step of shellCommands(block.code)) {
      if (plan.skipLines.includes(step.index)) continue;
      const server = startBackground(step.command, { cwd, env });
      const ready = await server.waitFor(plan.until);
      await server.stop();
      if (!ready)
        throw new Error(`\`${step.command}\` exited before printing "${plan.until}":\n${server.output()}`);
      started.push(`#${step.index}`);
    }
    const skipped =
      plan.skipLines.length > 0 ? `; skipped #${plan.skipLines.join(', #')}: ${plan.reason}` : '';
    return `started ${started.join(', ')} until "${plan.until}", then stopped${skipped}`;
  }

  /** The block's env over the project's: its command shims first in PATH. */
  #env(extra: Record<string, string>): NodeJS.ProcessEnv {
    return { PATH: pathWithShims(this.folder), ...extra };
  }

  /** The doc's expected line and the server's real one, matched by their stable text: their addresses pair up. */
  #learnAddresses(step: ShellCommand, output: string): void {
    for (const expected of step.expected) {
      const prefix = stablePrefix(expected);
      const actual = output.split('\n').find((line) => prefix !== '' && line.includes(prefix));
      if (actual === undefined) throw new Error(`\`${step.command}\` did not print "${prefix}":\n${output}`);
      const shown = addressesIn(expected);
      const real = addressesIn(actual);
      shown.forEach((address, index) => {
        if (real[index] !== undefined) this.#addresses.set(address, real[index]!);
      });
    }
  }

  #withAddresses(command: string): string {
    let result = command;
    for (const [shown, real] of this.#addresses) result = result.replaceAll(shown, real);
    return result;
  }
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
