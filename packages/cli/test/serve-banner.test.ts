// The serve banner, the play command it gives (clone or npm install), the log format choice and the port hint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pc from 'picocolors';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/cli-errors.ts';
import { cliInstall, playCommand } from '../src/commands/play-command.ts';
import { renderServeBanner } from '../src/commands/serve-banner.ts';
import { portInUseHint, portSource } from '../src/commands/serve-failures.ts';
import { logFormatFrom } from '../src/commands/serve-logger.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const plain = pc.createColors(false);
const outside = mkdtempSync(join(tmpdir(), 'paperclip-install-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('cliInstall', () => {
  it('is the workspace, with its root, when the CLI runs from the clone (its real path, not node_modules)', () => {
    expect(cliInstall()).toEqual({ kind: 'workspace', root: REPO_ROOT });
  });

  it('is the npm package under node_modules, even inside a clone, and where no workspace root is above', () => {
    const installed = join(REPO_ROOT, 'node_modules/@paperclip/cli/dist/commands/play-command.js');
    expect(cliInstall(pathToFileURL(installed).href)).toEqual({ kind: 'package' });
    expect(cliInstall(pathToFileURL(join(outside, 'dist/commands/play-command.js')).href)).toEqual({
      kind: 'package',
    });
  });
});

describe('playCommand', () => {
  it('never says the bare name outside a clone, and adds --server only for a URL other than the default', () => {
    const clone = { kind: 'workspace', root: REPO_ROOT } as const;
    expect(playCommand('http://127.0.0.1:5000', clone)).toBe('npx paperclip');
    expect(playCommand('http://127.0.0.1:5000', { kind: 'package' })).toBe('npx @paperclip/cli');
    expect(playCommand('http://127.0.0.1:5123', { kind: 'package' })).toBe(
      'npx @paperclip/cli --server http://127.0.0.1:5123',
    );
  });
});

describe('renderServeBanner', () => {
  it('gives the API docs URL and the command for two more terminals, in this folder', () => {
    const banner = renderServeBanner({
      url: 'http://127.0.0.1:5000',
      install: { kind: 'workspace', root: REPO_ROOT },
      cwd: REPO_ROOT,
      colors: plain,
    });
    expect(banner).toBe(
      [
        '',
        '  Paperclip is ready. Ctrl-C stops it.',
        '',
        '  API docs  http://127.0.0.1:5000/docs',
        '',
        '  To play, open two more terminals in this folder and run in each:',
        '    npx paperclip',
        '',
        '',
      ].join('\n'),
    );
  });

  it('lists web apps when there are some, and names the clone when serve runs elsewhere', () => {
    const banner = renderServeBanner({
      url: 'http://127.0.0.1:5000',
      apps: [{ name: 'Notebooks', url: 'http://127.0.0.1:5000/notebooks/' }],
      install: { kind: 'workspace', root: REPO_ROOT },
      cwd: outside,
      colors: plain,
    });
    expect(banner).toContain(
      '  API docs   http://127.0.0.1:5000/docs\n  Notebooks  http://127.0.0.1:5000/notebooks/\n',
    );
    expect(banner).toContain(`open two more terminals in ${REPO_ROOT} and run in each:\n    npx paperclip\n`);
  });

  it('outside a clone, tells the scoped package', () => {
    const banner = renderServeBanner({
      url: 'http://127.0.0.1:5000',
      install: { kind: 'package' },
      cwd: outside,
      colors: plain,
    });
    expect(banner).toContain('open two more terminals and run in each:\n    npx @paperclip/cli\n');
  });
});

describe('logFormatFrom', () => {
  it('is pretty on a terminal and JSON on a pipe, unless LOG_FORMAT says', () => {
    expect(logFormatFrom({}, true)).toBe('pretty');
    expect(logFormatFrom({}, false)).toBe('json');
    expect(logFormatFrom({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatFrom({ LOG_FORMAT: 'Pretty' }, false)).toBe('pretty');
  });

  it('refuses another value with a usage error', () => {
    const attempt = () => logFormatFrom({ LOG_FORMAT: 'xml' }, true);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow('LOG_FORMAT must be "json" or "pretty", but it is "xml".');
  });
});

describe('the port-in-use hint', () => {
  it('names what the user passed: --port, TCP_PORT, or both when neither', () => {
    expect(portInUseHint(portSource(5000, { TCP_PORT: '5001' }))).toBe(
      'Stop the other server, or pass another --port.',
    );
    expect(portInUseHint(portSource(undefined, { TCP_PORT: '5001' }))).toBe(
      'Stop the other server, or set another TCP_PORT.',
    );
    expect(portInUseHint(portSource(undefined, { TCP_PORT: ' ' }))).toBe(
      'Stop the other server, or choose another port with --port or TCP_PORT.',
    );
  });
});
