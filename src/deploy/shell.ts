// A small POSIX-shell word splitter: enough to find gcloud commands and their arguments in deploy
// scripts. It knows quotes, escapes, line continuations, comments, separators (; & | && || ( ) newline)
// and redirections. Expansions ($VAR, ${VAR}, $(...), `...`, ${{ ... }}) are never evaluated: a word
// that contains one is marked unknown.

/** Text cut out of a file (a whole script, a YAML scalar), with the file offset of each character. */
export interface Segment {
  text: string;
  offsetAt(index: number): number;
}

export interface Word {
  /** The literal parts of the word, quotes removed. */
  text: string;
  /** The word contains an expansion: its value is known only when the script runs. */
  unknown: boolean;
  /** File offset of the word's first character. */
  offset: number;
}

const SEPARATORS = new Set([';', '&', '|', '(', ')', '\n']);
const NAME = /[A-Za-z0-9_]/;

/** Index just past the expansion that starts at text[i] ('$' or '`'); i + 1 when '$' starts none. */
function skipExpansion(text: string, i: number): number {
  if (text[i] === '`') {
    const end = text.indexOf('`', i + 1);
    return end < 0 ? text.length : end + 1;
  }
  const next = text[i + 1] ?? '';
  if (text.startsWith('${{', i)) {
    const end = text.indexOf('}}', i + 3);
    return end < 0 ? text.length : end + 2;
  }
  if (next === '(' || next === '{') {
    const close = next === '(' ? ')' : '}';
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') j++;
      else if (c === "'" && close === ')') j = Math.max(j, text.indexOf("'", j + 1));
      else if (c === next) depth++;
      else if (c === close && --depth === 0) return j + 1;
    }
    return text.length;
  }
  if (/[A-Za-z_]/.test(next)) {
    let j = i + 1;
    while (j < text.length && NAME.test(text[j]!)) j++;
    return j;
  }
  return /[0-9@*#?$!-]/.test(next) ? i + 2 : i + 1;
}

/** Splits a segment into simple commands, each a list of words (redirections dropped). */
export function splitCommands(seg: Segment): Word[][] {
  const text = seg.text;
  const commands: Word[][] = [];
  let words: Word[] = [];
  let word: Word | undefined;
  let dropNext = false;
  const current = (i: number): Word => (word ??= { text: '', unknown: false, offset: seg.offsetAt(i) });
  const endWord = (): void => {
    if (word && !dropNext) words.push(word);
    else if (word) dropNext = false;
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
    dropNext = false;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
      else {
        current(i).text += text[i + 1] ?? '';
        i += 2;
      }
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '#' && !word) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (SEPARATORS.has(c)) {
      endCommand();
      i++;
    } else if (c === '>' || c === '<') {
      if (word && /^\d+$/.test(word.text) && !word.unknown) word = undefined;
      else endWord();
      while (text[i] === '>' || text[i] === '<' || text[i] === '&' || text[i] === '-') i++;
      dropNext = true;
    } else if (c === "'") {
      const w = current(i);
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      w.text += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      const w = current(i);
      i++;
      while (i < text.length && text[i] !== '"') {
        const d = text[i]!;
        if (d === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') w.text += text[i + 1];
          i += 2;
        } else if (d === '$' || d === '`') {
          const end = skipExpansion(text, i);
          if (end === i + 1) w.text += d;
          else w.unknown = true;
          i = end;
        } else {
          w.text += d;
          i++;
        }
      }
      i++;
    } else if (c === '$' || c === '`') {
      const w = current(i);
      const end = skipExpansion(text, i);
      if (end === i + 1) w.text += c;
      else w.unknown = true;
      i = end;
    } else {
      current(i).text += c;
      i++;
    }
  }
  endCommand();
  return commands;
}

const PREFIX_WORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', 'time', 'exec', 'sudo', '!', '{', 'command']);

/** The words from `gcloud` on when the simple command runs gcloud, else undefined. */
export function gcloudCommand(words: Word[]): Word[] | undefined {
  let k = 0;
  while (k < words.length && !words[k]!.unknown && (PREFIX_WORDS.has(words[k]!.text) || /^[A-Za-z_]\w*=/.test(words[k]!.text))) k++;
  const w = words[k];
  if (!w || w.unknown || !(w.text === 'gcloud' || w.text.endsWith('/gcloud'))) return undefined;
  return words.slice(k);
}
