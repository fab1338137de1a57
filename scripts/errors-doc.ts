// Renders docs/ERRORS.md from the error catalogues every layer declares with defineErrors/defineErrorCodes.
import '@paperclip/messages';
import '@paperclip/net';
import '@paperclip/platform';
import '@paperclip/platform/client';
import '@paperclip/rps';
import '../packages/cli/src/cli-errors.ts';
import { declaredCatalogues, ErrorMajor, type ErrorRow, errorCodeName } from '@paperclip/protocol';

/** Catalogues in layer order, lowest first; any other prefix follows, alphabetically. */
const LAYER_ORDER = [
  'PC_WIRE',
  'PC_CORE',
  'PC_MSG',
  'PC_UDP',
  'PC_CERT',
  'PC_HTTP',
  'PC_CONFIG',
  'PC_KEY',
  'PC_CLI',
  'PC_RPS',
];

type Catalogue = ReturnType<typeof declaredCatalogues>[number];

function layerRank(prefix: string): number {
  const rank = LAYER_ORDER.indexOf(prefix);
  return rank === -1 ? LAYER_ORDER.length : rank;
}

/** The catalogues to document: every one registered except test-only demos, in layer order. */
export function documentedCatalogues(): Catalogue[] {
  return declaredCatalogues()
    .filter((catalogue) => !['PC_DEMO', 'PC_FAMILY'].includes(catalogue.prefix))
    .sort((a, b) => layerRank(a.prefix) - layerRank(b.prefix) || a.prefix.localeCompare(b.prefix));
}

/** A message builder called with placeholders, so its sentence reads "UDP port ‹port› on ‹host› …". */
function sentenceOf(row: ErrorRow<unknown>): string {
  if (typeof row.message === 'string') return row.message;
  const placeholders = new Proxy({}, { get: (_target, key) => `‹${String(key)}›` });
  return row.message(placeholders);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function wireCell(row: ErrorRow<unknown>): string {
  if (row.major === undefined) return '';
  const pair = `${row.major}/${row.minor ?? 0}`;
  return row.major === ErrorMajor.ERROR
    ? `${pair} (local)`
    : `${pair} ${errorCodeName(row.major, row.minor ?? 0)}`;
}

function closeCell(row: ErrorRow<unknown>): string {
  const parts: string[] = [];
  if (row.wire !== undefined) parts.push(`frame ${row.wire}`);
  if (row.wsStatus !== undefined) parts.push(`WebSocket ${row.wsStatus}`);
  return parts.join(', ');
}

function catalogueSection(catalogue: Catalogue): string[] {
  const lines = [
    `## ${catalogue.prefix}: ${catalogue.title}`,
    '',
    '| Code | Class | Sentence | When | Wire major/minor | HTTP | Close |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { code, className, row } of catalogue.rows) {
    const columns = [
      `\`${code}\``,
      `\`${className}\``,
      sentenceOf(row),
      row.doc ?? '',
      wireCell(row),
      row.status === undefined ? '' : String(row.status),
      closeCell(row),
    ];
    lines.push(`| ${columns.map(cell).join(' | ')} |`);
  }
  return [...lines, ''];
}

/** docs/ERRORS.md as the catalogues define it today. */
export function renderErrorsDoc(): string {
  const catalogues = documentedCatalogues();
  const lines = [
    '# Errors',
    '',
    '<!-- Generated from the defineErrors tables by scripts/errors-doc.ts: do not edit by hand.',
    '     Regenerate with `npm run docs:errors`; test/errors-doc.test.ts fails when this file drifts. -->',
    '',
    'Every error Paperclip throws, reports or sends is a `CodedError` (from `@paperclip/protocol`) with a',
    'stable `code`: `PC_<LAYER>_<NAME>`. Codes never change meaning and are never reused, so switch on them,',
    'log them and match them in tests; the message is a sentence for people and may be reworded.',
    '',
    '<!-- doc-test: run prints="Pick another port." -->',
    '```ts',
    "import { Server } from '@paperclip/net';",
    "import { CodedError } from '@paperclip/protocol';",
    '',
    'const first = new Server();',
    'const { port } = await first.listen(0); // a free port, now taken',
    'const server = new Server();',
    'try {',
    '  await server.listen(port);',
    '} catch (error) {',
    '  if (!(error instanceof CodedError)) throw error;',
    '  switch (error.code) {',
    "    case 'PC_UDP_ADDRESS_IN_USE':",
    "      console.error('Pick another port.');",
    '      break;',
    '    default:',
    '      console.error(error.message);',
    '  }',
    '} finally {',
    '  await Promise.all([first.close(), server.close()]);',
    '}',
    '```',
    '',
    'Each layer declares one table. `defineErrors` makes one class per row (`new AddressInUseError({ host, port })`,',
    '`instanceof` works); `defineErrorCodes` makes the codes of a family, one class whose instances carry one',
    "code each (`new MessageError(MessageErrorCode.TIMEOUT)`, `new PlatformError('USERNAME_TAKEN')`). Where an",
    'error crosses a boundary its row says how: the wire major/minor of a v0 ERROR packet, the HTTP status, the',
    'number a message-layer CLOSE/ERROR frame carries and the WebSocket close status. Those numbers are on the',
    'error too (`error.major`, `error.minor`, `error.status`, `error.wire`, `error.wsStatus`).',
    '',
    'A sentence with ‹placeholders› is built from the details the error was made with (`error.details`).',
    'The platform\'s JSON error body is `{ "error": "<name in lower case>", "message": "<sentence>" }`, e.g.',
    '`PC_HTTP_USERNAME_TAKEN` answers `{"error":"username_taken", …}`, as the seed does.',
    '',
    '| Prefix | Layer | Errors |',
    '| --- | --- | --- |',
    ...catalogues.map(
      (catalogue) =>
        `| \`${catalogue.prefix}\` | [${cell(catalogue.title)}](#${anchor(catalogue)}) | ${catalogue.rows.length} |`,
    ),
    '',
    ...catalogues.flatMap(catalogueSection),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

/** GitHub's anchor for a catalogue's heading. */
function anchor(catalogue: Catalogue): string {
  return `${catalogue.prefix}: ${catalogue.title}`
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replaceAll(' ', '-');
}
