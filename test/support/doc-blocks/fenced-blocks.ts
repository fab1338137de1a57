// Finds every fenced code block of a Markdown file, with its line, language and the annotation above it.

/** One fenced block: ```lang … ```. */
export interface FencedBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word ('' when the block is untagged). */
  lang: string;
  /** The block's text, ending with a newline (as a file would). */
  code: string;
  /** `<!-- file: PATH -->` on the last non-blank line above the fence: the block is that file, verbatim. */
  file?: string;
  /** `<!-- doc-test: … -->` on the last non-blank line above the fence, without the comment markers. */
  annotation?: string;
  /** The name of the `<!-- NAME:begin … -->` … `<!-- NAME:end -->` region the block is in (e.g. test-vectors). */
  region?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const FILE = /^<!-- file: (\S+) -->$/;
const DOC_TEST = /^<!-- doc-test: (.*?) -->$/;
const REGION = /^<!-- ([\w-]+):(begin|end)\b/;

/** Every fenced block of `markdown`, in order. An unclosed fence runs to the end of the file, as renderers do. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let region: string | undefined;
  let previous = ''; // the last non-blank line outside a block
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const regionMark = REGION.exec(line.trim());
    if (regionMark) region = regionMark[2] === 'begin' ? regionMark[1] : undefined;
    const open = FENCE.exec(line);
    if (!open) {
      if (line.trim() !== '') previous = line.trim();
      continue;
    }
    const [, indent, fence] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !isClosing(lines[end]!, fence!))
      body.push(lines[end++]!.slice(indent!.length));
    blocks.push({
      line: index + 1,
      lang: open[3]!.trim().split(/\s+/)[0] ?? '',
      code: body.length === 0 ? '' : `${body.join('\n')}\n`,
      ...optional('file', FILE.exec(previous)?.[1]),
      ...optional('annotation', DOC_TEST.exec(previous)?.[1]),
      ...optional('region', region),
    });
    index = end;
    previous = '';
  }
  return blocks;
}

/** The `<!-- file: PATH -->` blocks of `markdown`: the convention for "this block is that file, verbatim". */
export function embeddedFiles(markdown: string): { path: string; code: string }[] {
  return fencedBlocks(markdown).flatMap((block) =>
    block.file ? [{ path: block.file, code: block.code }] : [],
  );
}

function isClosing(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith(fence) && /^[`~]+$/.test(trimmed) && trimmed.length >= fence.length;
}

function optional<Key extends string, Value>(key: Key, value: Value | undefined): { [K in Key]?: Value } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };
}
