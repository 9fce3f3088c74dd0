// Fixes as data: every command egress-lint suggests is built here, as an argv a user can paste.
// Rules and the engine describe what to change; this module turns it into gcloud commands, so that
// flag syntax, quoting and the values the input decides have one home (tested against real gcloud).

/** One way to fix a finding: a sentence, then the commands that do it, in order. */
export interface Fix {
  /** What the commands change and what the user must know first (who owns the resource, what is unknown). */
  summary: string;
  /** Commands to run in order; each is an argv whose first word is the program ("gcloud"). */
  commands: string[][];
}

// Words a POSIX shell takes literally: anything else is single-quoted.
const PLAIN_WORD = /^[A-Za-z0-9_./:=,@%+-]+$/;

/** One argv word as a shell reads it back. */
export function shellQuote(word: string): string {
  if (word !== '' && PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one line to paste into a shell. */
export function renderCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A fix's commands as one line (joined with &&, so a failing step stops the rest). */
export function renderFix(fix: Fix): string {
  return fix.commands.map(renderCommand).join(' && ');
}

/** `gcloud GROUP... POSITIONAL... --flag=value...`: flags with an undefined value are left out, true is a bare flag. */
export function gcloud(words: readonly string[], flags: Readonly<Record<string, string | number | true | undefined>> = {}): string[] {
  const argv = ['gcloud', ...words];
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    argv.push(value === true ? `--${name}` : `--${name}=${value}`);
  }
  return argv;
}
