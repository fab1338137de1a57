// One way to declare errors in every layer: a table of rows becomes real classes with stable string codes.

/**
 * One row of a catalogue. `message` is the default sentence, or builds it from the error's details
 * (then the constructor takes those details). The optional fields say how the error crosses a boundary.
 */
export interface ErrorRow<Details = never> {
  /** A sentence for people; or a function of the details, for errors that name a peer, a size, a limit. */
  message: string | ((details: Details) => string);
  /** Wire major code (v0 ERROR packets), when the error travels in one. */
  major?: number;
  /** Wire minor code, with `major`. */
  minor?: number;
  /** HTTP status, when the error becomes an HTTP answer. */
  status?: number;
  /** Number carried by message-layer CLOSE/ERROR frames; never reused. */
  wire?: number;
  /** WebSocket close status, when the error closes a WebSocket. */
  wsStatus?: number;
  /** When it happens, for docs/ERRORS.md, if the sentence alone does not say. */
  doc?: string;
}

/** Options every catalogue error accepts: a cause, and a sentence replacing the default one. */
export interface CodedErrorOptions extends ErrorOptions {
  message?: string;
}

/** Base of every Paperclip error: a stable `code` (`PC_<LAYER>_<NAME>`) plus what its catalogue row says. */
export class CodedError extends Error {
  /** Stable across releases: switch on it, log it, document it. */
  readonly code: string;
  readonly major: number | undefined;
  readonly minor: number | undefined;
  readonly status: number | undefined;
  readonly wire: number | undefined;
  readonly wsStatus: number | undefined;
  constructor(
    code: string,
    message: string,
    row: Omit<ErrorRow<unknown>, 'message'>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.major = row.major;
    this.minor = row.minor;
    this.status = row.status;
    this.wire = row.wire;
    this.wsStatus = row.wsStatus;
  }
}

type DetailsOf<Row> = Row extends { message: (details: infer D) => string } ? D : never;

/** Constructor arguments: a sentence-only row takes an optional message; a detailed row takes its details. */
type ErrorArgs<Row> = [DetailsOf<Row>] extends [never]
  ? [message?: string, options?: ErrorOptions]
  : [details: DetailsOf<Row>, options?: CodedErrorOptions];

/** An error class made from one row: `instanceof` works, and `code` has its literal type. */
export interface CodedErrorClass<Code extends string, Row, Base extends CodedError = CodedError> {
  new (...args: ErrorArgs<Row>): Base & { readonly code: Code; readonly details: DetailsOf<Row> | undefined };
  /** The stable code every instance carries. */
  readonly code: Code;
  /** The catalogue row it was made from (for docs and boundary mapping). */
  readonly row: Row & ErrorRow<DetailsOf<Row>>;
}

/** The classes of one catalogue, keyed like its table. */
export type ErrorClasses<Prefix extends string, Rows, Base extends CodedError> = {
  readonly [K in keyof Rows & string]: CodedErrorClass<`${Prefix}_${K}`, Rows[K], Base>;
};

/** A base class a catalogue may extend, e.g. the wire errors' `PaperclipError`. */
export type CodedErrorBase<Base extends CodedError> = abstract new (
  code: string,
  message: string,
  row: Omit<ErrorRow<unknown>, 'message'>,
  options?: ErrorOptions,
) => Base;

/** One registered row: its code, the class that carries it, and the row itself. */
interface DeclaredRow {
  code: string;
  className: string;
  row: ErrorRow<unknown>;
}

/** Every catalogue declared so far, by prefix, for docs/ERRORS.md. */
const catalogues = new Map<string, { title: string; rows: DeclaredRow[] }>();
/** Every declared row by its code, for families and boundary mapping. */
const rowsByCode = new Map<string, ErrorRow<unknown>>();

function register(prefix: string, title: string, rows: DeclaredRow[]): void {
  if (!/^PC_[A-Z0-9]+$/.test(prefix))
    throw new TypeError(`Error prefix "${prefix}" must look like PC_LAYER.`);
  if (catalogues.has(prefix)) throw new TypeError(`Errors with prefix ${prefix} are already defined.`);
  catalogues.set(prefix, { title, rows });
  for (const { code, row } of rows) rowsByCode.set(code, row);
}

/**
 * The row a declared code was made from: families use it for their sentence and boundary fields.
 * @throws TypeError for a code no catalogue declares (a programming error, not an input error).
 */
export function declaredRow(code: string): ErrorRow<unknown> {
  const row = rowsByCode.get(code);
  if (row === undefined) throw new TypeError(`Error code ${code} is not declared by any catalogue.`);
  return row;
}

/**
 * The default sentence of a family's code (family rows hold sentences, not message builders).
 * @throws TypeError for an undeclared code or a row whose message is a builder.
 */
export function declaredSentence(code: string): string {
  const { message } = declaredRow(code);
  if (typeof message !== 'string')
    throw new TypeError(`Error code ${code} builds its sentence from details.`);
  return message;
}

/**
 * Declares a layer's errors (quinn's `errors!{}` and fastify's `createError`, in one table).
 *
 * @example
 * const CoreErrors = defineErrors('PC_CORE', 'sans-IO core', {
 *   NOT_CONNECTED: { message: (d: { peer: string }) => `Peer ${d.peer} is not connected.`, major: 1, minor: 0 },
 *   ENDPOINT_STATE: { message: 'The endpoint cannot do that in its role.' },
 * });
 * throw new CoreErrors.NOT_CONNECTED({ peer: '127.0.0.1:4000' }); // code 'PC_CORE_NOT_CONNECTED'
 */
export function defineErrors<
  const Prefix extends string,
  const Rows extends Record<string, ErrorRow<never>>,
  Base extends CodedError = CodedError,
>(prefix: Prefix, title: string, rows: Rows, base?: CodedErrorBase<Base>): ErrorClasses<Prefix, Rows, Base> {
  const Parent = (base ?? CodedError) as unknown as typeof CodedError;
  const classes: Record<string, CodedErrorClass<string, ErrorRow<unknown>>> = {};
  for (const [key, row] of Object.entries(rows) as [string, ErrorRow<unknown>][]) {
    classes[key] = makeClass(Parent, `${prefix}_${key}`, key, row);
  }
  register(
    prefix,
    title,
    Object.values(classes).map((made) => ({ code: made.code, className: made.name, row: made.row })),
  );
  return classes as unknown as ErrorClasses<Prefix, Rows, Base>;
}

/** A row of a family: a fixed default sentence; `className` names a subclass that carries the code, if any. */
export interface FamilyRow extends ErrorRow<never> {
  message: string;
  /** For docs/ERRORS.md: the family's subclass thrown with this code (e.g. `RoundTimeoutError`). */
  className?: string;
}

/** The codes of a family catalogue, keyed like its table: `{ USERNAME_TAKEN: 'PC_HTTP_USERNAME_TAKEN' }`. */
export type ErrorCodes<Prefix extends string, Rows> = {
  readonly [K in keyof Rows & string]: `${Prefix}_${K}`;
};

/**
 * Declares a family: one class (`familyName`, e.g. `MessageError`) whose instances carry one code of the
 * table each, for layers where the code is chosen at run time (an HTTP answer, a CLOSE frame's number).
 * Rows have fixed sentences; the family's constructor looks its row up. Registered for docs/ERRORS.md like
 * {@link defineErrors}.
 *
 * @example
 * const HttpCode = defineErrorCodes('PC_HTTP', 'HTTP API', 'PlatformError', {
 *   NOT_FOUND: { message: 'No such resource.', status: 404 },
 * }); // HttpCode.NOT_FOUND === 'PC_HTTP_NOT_FOUND'
 */
export function defineErrorCodes<const Prefix extends string, const Rows extends Record<string, FamilyRow>>(
  prefix: Prefix,
  title: string,
  familyName: string,
  rows: Rows,
): ErrorCodes<Prefix, Rows> {
  const codes = Object.fromEntries(Object.keys(rows).map((key) => [key, `${prefix}_${key}`]));
  register(
    prefix,
    title,
    Object.entries(rows).map(([key, row]) => ({
      code: `${prefix}_${key}`,
      className: row.className ?? familyName,
      row: row as ErrorRow<unknown>,
    })),
  );
  return Object.freeze(codes) as ErrorCodes<Prefix, Rows>;
}

function makeClass(
  Parent: typeof CodedError,
  code: string,
  key: string,
  row: ErrorRow<unknown>,
): CodedErrorClass<string, ErrorRow<unknown>> {
  const detailed = typeof row.message === 'function';
  const made = class extends Parent {
    static readonly code = code;
    static readonly row = row;
    readonly details: unknown;
    constructor(first?: unknown, options?: CodedErrorOptions) {
      const text = detailed
        ? (options?.message ?? (row.message as (details: unknown) => string)(first))
        : typeof first === 'string'
          ? first
          : (row.message as string);
      super(code, text, row, options);
      this.details = detailed ? first : undefined;
    }
  };
  Object.defineProperty(made, 'name', { value: className(key) });
  return made as unknown as CodedErrorClass<string, ErrorRow<unknown>>;
}

/** `NOT_CONNECTED` → `NotConnectedError`. */
function className(key: string): string {
  const words = key.toLowerCase().split('_');
  const base = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return base.endsWith('Error') ? base : `${base}Error`;
}

/** Every catalogue declared in this process, in declaration order (what docs/ERRORS.md is made from). */
export function declaredCatalogues(): {
  prefix: string;
  title: string;
  rows: { code: string; className: string; row: ErrorRow<unknown> }[];
}[] {
  return [...catalogues].map(([prefix, { title, rows }]) => ({ prefix, title, rows: [...rows] }));
}
