// Thin wrappers over @clack/prompts: Esc becomes `undefined` (one menu back); Ctrl-C throws QuitRequest (leave).
import * as clack from '@clack/prompts';
import { untilCtrlC } from './ctrl-c.ts';

/** One menu entry; a `disabled` one is shown (greyed, with its hint) but cannot be picked. */
export interface MenuItem<Value extends string> {
  value: Value;
  label: string;
  hint?: string;
  disabled?: boolean;
}

/** A menu; undefined when the user presses Esc. */
export async function choose<Value extends string>(
  message: string,
  items: MenuItem<Value>[],
): Promise<Value | undefined> {
  const answer = await untilCtrlC(() =>
    clack.select<Value>({
      message,
      options: items.map((item) => ({
        value: item.value,
        label: item.label,
        ...(item.hint === undefined ? {} : { hint: item.hint }),
        ...(item.disabled === true ? { disabled: true } : {}),
      })) as Parameters<typeof clack.select<Value>>[0]['options'],
    }),
  );
  return clack.isCancel(answer) ? undefined : answer;
}

/**
 * A line of text (trimmed); undefined on Esc. `required` refuses an empty answer; `initialValue` is typed in
 * already, for the user to edit (e.g. the username that was just refused).
 */
export async function ask(
  message: string,
  options: { required?: boolean; placeholder?: string; initialValue?: string } = {},
) {
  const answer = await untilCtrlC(() =>
    clack.text({
      message,
      ...(options.placeholder === undefined ? {} : { placeholder: options.placeholder }),
      ...(options.initialValue === undefined ? {} : { initialValue: options.initialValue }),
      validate: (value) =>
        options.required && (value ?? '').trim() === '' ? 'Please type something.' : undefined,
    }),
  );
  return clack.isCancel(answer) ? undefined : answer.trim();
}

/** A password (masked); undefined on Esc. */
export async function askPassword(message: string): Promise<string | undefined> {
  const answer = await untilCtrlC(() =>
    clack.password({
      message,
      validate: (value) => ((value ?? '') === '' ? 'Please type your password.' : undefined),
    }),
  );
  return clack.isCancel(answer) ? undefined : answer;
}

/** A whole number ≥ 1; undefined on Esc or when left empty. */
export async function askId(message: string): Promise<number | undefined> {
  const answer = await untilCtrlC(() =>
    clack.text({
      message,
      placeholder: 'empty to go back',
      validate: (value) => {
        const text = (value ?? '').trim();
        return text === '' || /^[1-9]\d{0,9}$/.test(text) ? undefined : 'Type a number such as 12.';
      },
    }),
  );
  if (clack.isCancel(answer) || answer.trim() === '') return undefined;
  return Number(answer.trim());
}

/** Waits for Enter (or Esc). */
export async function pause(message = 'Press Enter to return to the menu.'): Promise<void> {
  await untilCtrlC(() => clack.text({ message, placeholder: '' }));
}

export const { log, intro, outro, note } = clack;
