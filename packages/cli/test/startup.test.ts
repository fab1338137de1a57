// `paperclip --help` and `--version` stay fast: --version loads no package, --help only commander and built-ins.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/support/import-graph.ts';
import { killAll, PAPERCLIP_ENTRY, spawnCli } from './support/cli-process.ts';

afterEach(() => killAll());

describe('paperclip startup', () => {
  it('answers --version with node built-ins alone, before the parser loads', () => {
    expect([...importGraph(PAPERCLIP_ENTRY).packages].every((name) => name.startsWith('node:'))).toBe(true);
  });

  it('loads only commander and node built-ins until a command runs (no platform, fastify, ws or crypto)', () => {
    // bin.ts imports these two dynamically for everything but --version: what `--help` loads.
    const parser = ['cli-errors.ts', 'program.ts'].map((file) => resolve(dirname(PAPERCLIP_ENTRY), file));
    const packages = [...importGraph(PAPERCLIP_ENTRY, ...parser).packages];
    expect(packages).toContain('commander');
    // @paperclip/protocol/errors is define-errors.ts alone (no imports): UserError is a CodedError.
    const allowed = new Set(['commander', '@paperclip/protocol/errors']);
    expect(packages.filter((name) => !allowed.has(name) && !name.startsWith('node:'))).toEqual([]);
    expect(packages).not.toContain('node:crypto');
  });

  it('prints the version of @paperclip/cli with --version', async () => {
    const manifest = JSON.parse(
      readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
    ) as { version: string };
    const cli = spawnCli(['--version']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toBe(`${manifest.version}\n`);
  });

  it('lists every command with --help, without loading any plugin', async () => {
    const cli = spawnCli(['--help'], { env: { PAPERCLIP_PLUGINS: '@paperclip/no-such-plugin' } });
    expect(await cli.exited).toBe(0);
    for (const command of ['serve', 'echo-server', 'echo-client', 'ping', 'play', 'interactive']) {
      expect(cli.stdout()).toContain(command);
    }
    expect(cli.stderr()).toBe('');
  });
});
