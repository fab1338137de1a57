// The architecture guard rails of `npm run lint`, each shown to fail on a deliberate violation written for the test.
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

/** Runs a lint tool on a probe file placed at `path` (relative to the repo), then removes it. */
async function lintProbe(path: string, source: string, command: string, args: string[]) {
  writeFileSync(`${root}${path}`, source);
  try {
    const { stdout, stderr } = await run(bin(command), args, { cwd: root });
    return { failed: false, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { failed: true, output: stdout + stderr };
  } finally {
    rmSync(`${root}${path}`, { force: true });
  }
}

const biome = (path: string, source: string) => lintProbe(path, source, 'biome', ['lint', path]);
const depcruise = (path: string, source: string) =>
  lintProbe(path, source, 'depcruise', [path, '--config', '.dependency-cruiser.cjs']);

describe('guard rails', () => {
  it.each([
    ['Date.now()', 'noRestrictedGlobals'],
    ['setTimeout(() => {}, 1)', 'noRestrictedGlobals'],
    ['performance.now()', 'noRestrictedGlobals'],
    ['Math.random()', 'must not call Math.random'],
  ])('the sans-IO core may not call %s', async (call, rule) => {
    const result = await biome('packages/protocol/src/guard-probe.ts', `export const x = ${call};\n`);
    expect(result.failed).toBe(true);
    expect(result.output).toContain(rule);
  });

  it('the sans-IO core may not import node:dgram or node:net', async () => {
    const source =
      "import { createSocket } from 'node:dgram';\nimport { isIP } from 'node:net';\nexport { createSocket, isIP };\n";
    const result = await biome('packages/protocol/src/guard-probe.ts', source);
    expect(result.output).toContain('noRestrictedImports');
    expect(result.failed).toBe(true);
  });

  it.each(['packages/messages/src', 'packages/client/src'])('%s may not import node:*', async (dir) => {
    const result = await biome(
      `${dir}/guard-probe.ts`,
      "import { EventEmitter } from 'node:events';\nexport { EventEmitter };\n",
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('noNodejsModules');
  });

  it('an import cycle made only of type imports is refused', async () => {
    const a = 'packages/messages/src/guard-probe-a.ts';
    writeFileSync(
      `${root}packages/messages/src/guard-probe-b.ts`,
      "import type { A } from './guard-probe-a.ts';\nexport type B = A[];\n",
    );
    try {
      const result = await biome(
        a,
        "import type { B } from './guard-probe-b.ts';\nexport type A = { b: B };\n",
      );
      expect(result.failed).toBe(true);
      expect(result.output).toContain('noImportCycles');
    } finally {
      rmSync(`${root}packages/messages/src/guard-probe-b.ts`, { force: true });
    }
  });

  it('a package source may not import a higher layer', async () => {
    const result = await depcruise(
      'packages/messages/src/guard-probe.ts',
      "export { Server } from '@paperclip/net';\n",
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('layer-messages');
  });

  it('no package imports an app', async () => {
    const result = await depcruise(
      'packages/cli/src/guard-probe.ts',
      "export { RPS_GAME } from '@paperclip/rps';\n",
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('no-package-imports-apps');
  });

  it('a dependency a package does not declare is refused', async () => {
    const result = await biome(
      'packages/protocol/src/guard-probe.ts',
      "export { Type } from '@sinclair/typebox';\n",
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('noUndeclaredDependencies');
  });

  it('an unused export is reported', async () => {
    const path = 'packages/messages/src/guard-probe.ts';
    writeFileSync(
      `${root}packages/messages/src/guard-probe-user.ts`,
      "import { used } from './guard-probe.ts';\nexport const user = used;\n",
    );
    try {
      const result = await lintProbe(
        path,
        'export const used = 1;\nexport const neverUsed = 2;\n',
        'knip',
        [],
      );
      expect(result.failed).toBe(true);
      expect(result.output).toMatch(/neverUsed|guard-probe/);
    } finally {
      rmSync(`${root}packages/messages/src/guard-probe-user.ts`, { force: true });
    }
  });
});
