// Decides how one fenced block of docs/*.md is checked, from its language and its `<!-- doc-test: … -->` annotation.
// The convention is written down in the header of test/docs-code-blocks.test.ts.
import type { FencedBlock } from './fenced-blocks.ts';

/** Where shell lines run: the doc's scratch project folder (default), or the repository root. */
type RunIn = 'scratch' | 'repo';

/** How a block is checked. 'unhandled' fails the docs test with the reason. */
export type BlockPlan =
  | { kind: 'file'; path: string }
  | { kind: 'run-ts'; prints?: string; env: Record<string, string> }
  | { kind: 'run-shell'; in: RunIn; env: Record<string, string>; background?: number; until?: string }
  | {
      kind: 'serve';
      in: RunIn;
      env: Record<string, string>;
      until: string;
      skipLines: number[];
      reason?: string;
    }
  | { kind: 'save'; name: string }
  | { kind: 'check'; name: string; of?: string }
  | { kind: 'generated'; region: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'unhandled'; why: string };

const TS = new Set(['ts', 'typescript', 'js', 'javascript']);
const SHELL = new Set(['bash', 'sh', 'shell']);

/** Regions whose blocks another test generates and checks (their text is not hand-written). */
const GENERATED_REGIONS = new Set(['test-vectors']);

const MODES = 'run | serve until=… | save=NAME | check=NAME | skip REASON';

/** The plan for `block`; never throws, so one bad block fails alone with its line. */
export function planBlock(block: FencedBlock): BlockPlan {
  if (block.lang === '')
    return { kind: 'unhandled', why: 'the block has no language tag (```ts, ```bash, ```text, …)' };
  if (block.file !== undefined) return { kind: 'file', path: block.file };
  if (block.region !== undefined && GENERATED_REGIONS.has(block.region) && block.annotation === undefined) {
    return block.lang === 'text'
      ? { kind: 'generated', region: block.region }
      : { kind: 'unhandled', why: `generated ${block.region} blocks are tagged text` };
  }
  const annotation = parseAnnotation(block.annotation ?? '');
  switch (annotation.mode) {
    case '':
      return TS.has(block.lang)
        ? { kind: 'run-ts', env: {} }
        : { kind: 'unhandled', why: `a ${block.lang} block needs <!-- doc-test: ${MODES} --> above it` };
    case 'run':
      return planRun(block.lang, annotation.options);
    case 'serve':
      return planServe(block.lang, annotation.options);
    default:
      return planOther(annotation);
  }
}

type Options = Map<string, string>;

function planRun(lang: string, options: Options): BlockPlan {
  const env = parseEnv(options.get('env'));
  const prints = options.get('prints');
  if (TS.has(lang)) return { kind: 'run-ts', env, ...(prints ? { prints } : {}) };
  if (!SHELL.has(lang)) return { kind: 'unhandled', why: `cannot run a ${lang} block` };
  const background = options.get('background');
  const until = options.get('until');
  if ((background === undefined) !== (until === undefined)) {
    return { kind: 'unhandled', why: 'background=N and until=WORDS go together' };
  }
  const server = background && until ? { background: Number(background), until } : {};
  return { kind: 'run-shell', in: runIn(options), env, ...server };
}

function planServe(lang: string, options: Options): BlockPlan {
  const until = options.get('until');
  if (!SHELL.has(lang) || !until)
    return { kind: 'unhandled', why: 'serve is for shell blocks and needs until=WORDS' };
  const skipLines = (options.get('skip-lines') ?? '').split(',').filter(Boolean).map(Number);
  const reason = options.get('reason');
  if (skipLines.length > 0 && !reason) {
    return { kind: 'unhandled', why: 'skip-lines needs reason="why those lines cannot run here"' };
  }
  const env = parseEnv(options.get('env'));
  return { kind: 'serve', in: runIn(options), env, until, skipLines, ...(reason ? { reason } : {}) };
}

/** save=NAME, check=NAME [of=PATH], skip REASON. */
function planOther({ mode, options, rest }: ReturnType<typeof parseAnnotation>): BlockPlan {
  const value = options.get(mode);
  if (mode === 'save' && value) return { kind: 'save', name: value };
  if (mode === 'check' && value) {
    const of = options.get('of');
    return { kind: 'check', name: value, ...(of ? { of } : {}) };
  }
  if (mode === 'skip' && rest.length > 10) return { kind: 'skip', reason: rest };
  if (mode === 'skip')
    return { kind: 'unhandled', why: 'a skip needs a reason (why this block cannot run in a test)' };
  if (mode === 'save' || mode === 'check')
    return { kind: 'unhandled', why: `${mode} needs a value: ${mode}=…` };
  return { kind: 'unhandled', why: `unknown doc-test mode "${mode}" (${MODES})` };
}

function runIn(options: Options): RunIn {
  return options.get('in') === 'repo' ? 'repo' : 'scratch';
}

/** `env="A=1 B=2"` → { A: '1', B: '2' }. */
function parseEnv(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

/**
 * `run in=repo prints="hi"` → mode 'run', options {run, in: 'repo', prints: 'hi'}; `check=name` → mode 'check';
 * `skip because …` → mode 'skip', rest 'because …'.
 */
function parseAnnotation(text: string): { mode: string; options: Map<string, string>; rest: string } {
  const trimmed = text.trim();
  const first = /^[\w-]+/.exec(trimmed)?.[0] ?? '';
  const options = new Map<string, string>();
  for (const match of trimmed.matchAll(/([\w-]+)(?:=(?:"([^"]*)"|(\S+)))?/g)) {
    options.set(match[1]!, match[2] ?? match[3] ?? '');
  }
  const rest = trimmed.slice(first.length).trim();
  return { mode: first, options, rest };
}
