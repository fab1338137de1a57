// The few lines `paperclip serve` prints once it is ready: where the API docs are and how to play.
import type pc from 'picocolors';
import { type CliInstall, playCommand } from './play-command.ts';

/** picocolors' colour functions, enabled or not (`pc.createColors(enabled)`). */
type Colors = ReturnType<typeof pc.createColors>;

/** A web app the platform serves, listed in the banner (e.g. the notebooks, once that app exists). */
interface BannerApp {
  name: string;
  url: string;
}

/** What the banner shows. */
export interface ServeBannerOptions {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:5000. */
  url: string;
  /** Web apps to list after the API docs; none today. */
  apps?: readonly BannerApp[];
  /** How this CLI is installed: decides `npx paperclip` or `npx @paperclip/cli`. */
  install: CliInstall;
  /** The folder serve runs in: a clone's command is said to run there when it is the clone's root. */
  cwd: string;
  colors: Colors;
}

/**
 * The start-up banner, ending with a newline. `paperclip serve` writes it to stderr, so stdout holds log lines
 * only (JSON lines stay parseable with LOG_FORMAT=json).
 *
 * @example
 * process.stderr.write(renderServeBanner({ url, install: cliInstall(), cwd: process.cwd(), colors: pc }));
 */
export function renderServeBanner(options: ServeBannerOptions): string {
  const { colors: c, install } = options;
  const links: BannerApp[] = [{ name: 'API docs', url: `${options.url}/docs` }, ...(options.apps ?? [])];
  const width = Math.max(...links.map((link) => link.name.length));
  const where =
    install.kind === 'package'
      ? 'open two more terminals and run in each:'
      : install.root === options.cwd
        ? 'open two more terminals in this folder and run in each:'
        : `open two more terminals in ${install.root} and run in each:`;
  return [
    '',
    `  ${c.bold(c.green('Paperclip is ready.'))} ${c.dim('Ctrl-C stops it.')}`,
    '',
    ...links.map((link) => `  ${link.name.padEnd(width)}  ${c.cyan(link.url)}`),
    '',
    `  To play, ${where}`,
    `    ${c.bold(playCommand(options.url, install))}`,
    '',
    '',
  ].join('\n');
}
