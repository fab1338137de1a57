// Splits a shell block into commands, each with the output the doc shows for it (the `# …` lines below it).

/** One command of a shell block. */
export interface ShellCommand {
  /** 1-based position among the block's commands. */
  index: number;
  command: string;
  /** The `# …` lines right below the command, without the `# `: what the doc says it prints. */
  expected: string[];
}

/** The commands of a bash block; blank lines are ignored, `# …` lines belong to the command above them. */
export function shellCommands(code: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const last = commands.at(-1);
    if (line.startsWith('#')) {
      last?.expected.push(line.replace(/^#\s?/, ''));
      continue;
    }
    commands.push({ index: commands.length + 1, command: line, expected: [] });
  }
  return commands;
}

const ADDRESS = /\b(?:\d{1,3}\.){3}\d{1,3}:\d+\b/g;

/**
 * The stable part of an expected-output line: its text up to the first number, address or URL (those vary from run
 * to run: ports, timings). "chat server on ws://127.0.0.1:8080/ …" → "chat server on".
 */
export function stablePrefix(expected: string): string {
  return expected.split(/\s\S*\d/)[0]!.trim();
}

/** The host:port addresses in a text, in order. */
export function addressesIn(text: string): string[] {
  return text.match(ADDRESS) ?? [];
}
