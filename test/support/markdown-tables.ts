// Compares generated Markdown with the committed docs, ignoring the table alignment Biome or an editor adds.

/** Undoes Markdown table alignment (cell padding, dash runs) so only content is compared. */
export function normalizeMarkdown(markdown: string): string[] {
  return markdown
    .trim()
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line.trimEnd();
      const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
      return cells.map((cell) => (/^-{3,}$/.test(cell) ? '---' : cell)).join('|');
    });
}
