// Plain sentences for the platform's refusals of a login or registration form, and which answer to ask again.
import { PlatformRequestError } from '@paperclip/platform/client';

/** A form answer the user can type again. */
export type AccountField = 'username' | 'password';

/** What was wrong with a login or registration: the sentence to show and the answers to ask for again. */
export interface AccountProblem {
  askAgain: readonly AccountField[];
  sentence: string;
}

/** The server's keys for a username it refuses; their messages are already sentences for people. */
const USERNAME_KEYS = new Set(['username_taken', 'username_invalid', 'username_confusable']);

/**
 * What `error` says is wrong with the form, or undefined when it is not about one answer (locked account,
 * server down: the caller shows those and goes back to the menu).
 *
 * @example
 * accountProblem(new PlatformRequestError(400, 'bad_request',
 *   'Invalid body: "password" must NOT have fewer than 8 characters.'))
 * // → { askAgain: ['password'], sentence: 'The password needs at least 8 characters.' }
 */
export function accountProblem(error: unknown): AccountProblem | undefined {
  if (!(error instanceof PlatformRequestError)) return undefined;
  if (USERNAME_KEYS.has(error.key)) return { askAgain: ['username'], sentence: error.message };
  // Wrong credentials: which of the two is wrong is not said (on purpose), so both are asked again.
  if (error.key === 'unauthorized') {
    return { askAgain: ['username', 'password'], sentence: 'Wrong username or password.' };
  }
  const issues = schemaIssues(error.message);
  if (issues.length === 0) return undefined;
  return {
    askAgain: [...new Set(issues.map((issue) => issue.field))],
    sentence: issues.map((issue) => issue.sentence).join(' '),
  };
}

/**
 * The platform's schema message in plain words, e.g. `Invalid body: "password" must NOT have fewer than 8
 * characters.` → `The password needs at least 8 characters.`; any other message unchanged. The server keeps
 * its wire wording (other clients may parse it); turning it into words for people is the client's job.
 */
export function plainPlatformMessage(message: string): string {
  const issues = schemaIssues(message);
  return issues.length === 0 ? message : issues.map((issue) => issue.sentence).join(' ');
}

interface SchemaIssue {
  field: AccountField;
  sentence: string;
}

/** The issues of a schema refusal about the form's fields (`Invalid body: "f" …; "g" ….`), in order. */
function schemaIssues(message: string): SchemaIssue[] {
  const body = /^Invalid (?:body|querystring): (.*)\.$/s.exec(message)?.[1];
  if (body === undefined) return [];
  const issues: SchemaIssue[] = [];
  for (const part of body.split('; ')) {
    const match = /^"(username|password)" (.*)$/s.exec(part);
    if (match === null) return [];
    const field = match[1] as AccountField;
    issues.push({ field, sentence: issueSentence(field, match[2] ?? '') });
  }
  return issues;
}

/** One ajv message about `what` (`must NOT have fewer than 8 characters`) as a sentence. */
function issueSentence(what: string, rule: string): string {
  const fewer = /^must NOT have fewer than (\d+) characters$/.exec(rule);
  if (fewer !== null) return `The ${what} needs at least ${characters(fewer[1])}.`;
  const more = /^must NOT have more than (\d+) characters$/.exec(rule);
  if (more !== null) return `The ${what} can have at most ${characters(more[1])}.`;
  if (rule.startsWith('must have required property')) return `Please type a ${what}.`;
  if (rule.startsWith('must match pattern'))
    return `The ${what} cannot contain control characters (such as tabs).`;
  return `That ${what} is not accepted: it ${rule}.`;
}

function characters(count: string | undefined): string {
  return count === '1' ? '1 character' : `${count} characters`;
}
