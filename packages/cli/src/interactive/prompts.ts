// Thin wrappers over @clack/prompts: a cancelled prompt (Ctrl+C, Esc) becomes `undefined`, never an exception.
import * as clack from '@clack/prompts';

/** One menu entry. */
export interface MenuItem<Value extends string> {
  value: Value;
  label: string;
  hint?: string;
}

/** A menu; undefined when the user cancels. */
export async function choose<Value extends string>(
  message: string,
  items: MenuItem<Value>[],
): Promise<Value | undefined> {
  const answer = await clack.select<Value>({
    message,
    options: items.map((item) => ({
      value: item.value,
      label: item.label,
      ...(item.hint === undefined ? {} : { hint: item.hint }),
    })) as Parameters<typeof clack.select<Value>>[0]['options'],
  });
  return clack.isCancel(answer) ? undefined : answer;
}

/** A line of text (trimmed); undefined when cancelled. `required` refuses an empty answer. */
export async function ask(message: string, options: { required?: boolean; placeholder?: string } = {}) {
  const answer = await clack.text({
    message,
    ...(options.placeholder === undefined ? {} : { placeholder: options.placeholder }),
    validate: (value) =>
      options.required && (value ?? '').trim() === '' ? 'Please type something.' : undefined,
  });
  return clack.isCancel(answer) ? undefined : answer.trim();
}

/** A password (masked); undefined when cancelled. */
export async function askPassword(message: string): Promise<string | undefined> {
  const answer = await clack.password({
    message,
    validate: (value) => ((value ?? '') === '' ? 'Please type your password.' : undefined),
  });
  return clack.isCancel(answer) ? undefined : answer;
}

/** A whole number ≥ 1; undefined when cancelled or left empty. */
export async function askId(message: string): Promise<number | undefined> {
  const answer = await clack.text({
    message,
    placeholder: 'empty to go back',
    validate: (value) => {
      const text = (value ?? '').trim();
      return text === '' || /^[1-9]\d{0,9}$/.test(text) ? undefined : 'Type a number such as 12.';
    },
  });
  if (clack.isCancel(answer) || answer.trim() === '') return undefined;
  return Number(answer.trim());
}

/** Waits for Enter (or a cancel). */
export async function pause(message = 'Press Enter to return to the menu.'): Promise<void> {
  await clack.text({ message, placeholder: '' });
}

export const { log, intro, outro, note } = clack;
