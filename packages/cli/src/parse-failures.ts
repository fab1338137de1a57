// Turns commander's parse failures (unknown option, missing argument, bad value…) into `paperclip: <sentence>`, exit 2.
import { type Argument, Command, CommanderError, InvalidArgumentError, type Option } from 'commander';
import { UserError } from './cli-errors.ts';

/**
 * Makes every parse failure of `program` and its subcommands a {@link UserError} (exit 2) that names the
 * command's `--help`, instead of commander's own `error: …` line and exit 1. Call it once every subcommand is
 * registered. Commander prints nothing itself: its error output is switched off, `exitOverride` hands each failure
 * here, and `reportFailure` prints it. (Commander's `showHelpAfterError` is not used: it writes its hint before the
 * exit callback runs, so the hint would come before our sentence.) Help and --version still exit 0.
 *
 * @example
 * const program = new Command('paperclip');
 * registerServe(program);
 * explainParseFailures(program); // `paperclip serve --port x` → `paperclip: Invalid value "x" for --port: …`
 */
export function explainParseFailures(program: Command, defaultCommand?: string): void {
  for (const command of withSubcommands(program)) {
    const helpFor = commandPath(command);
    command.configureOutput({ writeErr: () => {}, outputError: () => {} }).exitOverride((error) => {
      if (error.exitCode === 0) throw error;
      throw new UserError(sentenceFor(error, command, program), 2, helpFor);
    });
    for (const option of command.options) explainInvalidValues(option, optionName(option), helpFor);
    for (const argument of command.registeredArguments) {
      explainInvalidValues(argument, `<${argument.name()}>`, helpFor);
    }
  }
  if (defaultCommand !== undefined) refuseUnknownCommands(program, defaultCommand);
}

/**
 * The default command takes the words no other command matches (so `paperclip` alone runs it): a word left for
 * it is a mistyped command, reported with commander's "did you mean" before the default command starts.
 */
function refuseUnknownCommands(program: Command, defaultCommand: string): void {
  program.hook('preAction', (_program, command) => {
    const [word] = command.args;
    if (command.name() === defaultCommand && word !== undefined) {
      throw new UserError(unknownCommand(word, program), 2, commandPath(program));
    }
  });
}

/**
 * The sentence for one commander failure, completed from the command's definition. A CommanderError carries its
 * code but not its operands, so the quoted names (and "Did you mean") are read from its message; cli-errors.test.ts
 * pins every case, so a commander upgrade that rewords them fails there, not in front of a user.
 */
function sentenceFor(error: CommanderError, command: Command, program: Command): string {
  const quoted = [...error.message.matchAll(/'([^']+)'/g)].map((match) => match[1] ?? '');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const didYouMean = suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
  switch (error.code) {
    case 'commander.unknownOption':
      return `Unknown option ${quoted[0]}.${didYouMean}`;
    case 'commander.unknownCommand':
      return unknownCommand(command.args[0] ?? '', program);
    case 'commander.missingArgument': {
      const argument = command.registeredArguments.find((candidate) => candidate.name() === quoted[0]);
      return `Missing the <${quoted[0]}> argument${described(argument?.description)}`;
    }
    case 'commander.optionMissingArgument':
      return `The ${longFlag(quoted[0])} option needs a value${placeholder(quoted[0])}.`;
    case 'commander.missingMandatoryOptionValue':
      return `The ${longFlag(quoted[0])} option is required${described(optionDescription(command, quoted[0]))}`;
    case 'commander.conflictingOption':
      return `${longFlag(quoted[0])} and ${longFlag(quoted[1])} cannot be used together.`;
    case 'commander.excessArguments':
      return tooManyArguments(command);
    case 'commander.help':
      // `paperclip help <word>` with an unknown word: commander would print the whole help on stderr.
      return program.args[0] === 'help' && program.args[1] !== undefined
        ? unknownCommand(program.args[1], program)
        : `${commandPath(command)} needs more on its command line.`;
    default:
      return asSentence(error.message.replace(/^error: /, ''));
  }
}

/** `"x" is not a paperclip command.` with commander's suggestion, if it has one. */
function unknownCommand(word: string, program: Command): string {
  // A command-less copy of the program makes commander compute its "did you mean" for the word.
  const probe = new Command(program.name()).exitOverride().showSuggestionAfterError();
  probe.configureOutput({ writeErr: () => {}, outputError: () => {} });
  for (const command of program.commands) probe.command(command.name());
  let suggestion: string | undefined;
  try {
    probe.parse([word], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  }
  const didYouMean = suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
  return `"${word}" is not a ${program.name()} command.${didYouMean}`;
}

/** `serve takes no arguments, but was given "x".` or `ping takes 1 argument (<target>), but was given 2: …`. */
function tooManyArguments(command: Command): string {
  const given = command.args.map((word) => `"${word}"`).join(' ');
  const expected = command.registeredArguments.map((argument) => `<${argument.name()}>`);
  const name = command.name();
  if (expected.length === 0) return `${name} takes no arguments, but was given ${given}.`;
  const count = `${expected.length} argument${expected.length === 1 ? '' : 's'}`;
  return `${name} takes ${count} (${expected.join(' ')}), but was given ${command.args.length}: ${given}.`;
}

/**
 * Wraps a parser (`.option(…, parsePort)`) so its {@link InvalidArgumentError} becomes a sentence naming the
 * flag and the value: `Invalid value "x" for --port: expected a port number from 0 to 65535.`
 */
function explainInvalidValues(target: Option | Argument, name: string, helpFor: string): void {
  const parse = target.parseArg;
  if (parse === undefined) return;
  target.parseArg = <T>(value: string, previous: T): T => {
    try {
      return parse(value, previous);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      throw new UserError(
        `Invalid value "${value}" for ${name}: ${lowerFirst(asSentence(error.message))}`,
        2,
        helpFor,
      );
    }
  };
}

function withSubcommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(withSubcommands)];
}

/** `paperclip serve` for the serve command, `paperclip` for the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The description of the option whose `flags` commander quoted (e.g. `-u, --user <username>`). */
function optionDescription(command: Command, flags: string | undefined): string | undefined {
  return command.options.find((option) => option.flags === flags)?.description;
}

/** `--user` from commander's `-u, --user <username>` (the long name, else the short one). */
function longFlag(flags: string | undefined): string {
  const words = (flags ?? '').split(/[ ,|]+/);
  return (
    words.find((word) => word.startsWith('--')) ?? words.find((word) => word.startsWith('-')) ?? flags ?? ''
  );
}

function optionName(option: Option): string {
  return option.long ?? option.short ?? option.flags;
}

/** `: <the description>.` to end a sentence, or just `.` */
function described(description: string | undefined): string {
  return description === undefined || description === '' ? '.' : `: ${withFullStop(description.trim())}`;
}

/** ` (<seconds>)` from `--timeout <seconds>`: what the missing value stands for. */
function placeholder(flags: string | undefined): string {
  const value = /<[^>]+>/.exec(flags ?? '')?.[0];
  return value === undefined ? '' : ` (${value})`;
}

function asSentence(text: string): string {
  const trimmed = text.trim();
  return withFullStop(trimmed.charAt(0).toUpperCase() + trimmed.slice(1));
}

function withFullStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Lower-cases a sentence's first word unless it is an acronym (`UDP`). */
function lowerFirst(text: string): string {
  return /^[A-Z][^A-Z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
