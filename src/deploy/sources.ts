// Finds gcloud invocations in the kinds of files deploy steps live in: shell scripts, Makefiles,
// CI YAML (GitHub Actions `run:`, GitLab `script:`), Cloud Build (`steps[].args`, `bash -c`).
// Every word keeps its offset in the original file.
import { basename } from 'node:path';
import { createRequire } from 'node:module';
import type { Node, Scalar } from 'yaml';

// yaml is loaded on the first YAML deploy script only: every `check` imports this module (through
// the loader) and most never read YAML, and loading yaml was a tenth of the cold start (npm run bench
// "cold start"). parseScriptFile is synchronous, hence require rather than import().
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
import { InputError } from '../errors.js';
import { gcloudCommand, splitCommands, type Segment, type Word } from './shell.js';

export type ScriptKind = 'shell' | 'makefile' | 'yaml';

export function scriptKind(file: string, text: string): ScriptKind | undefined {
  const base = basename(file);
  if (/^(GNU)?makefile$/i.test(base) || base.endsWith('.mk')) return 'makefile';
  if (/^cloudbuild[^/]*\.(ya?ml|json)$/i.test(base)) return 'yaml';
  if (/\.ya?ml$/i.test(base)) {
    return /^\s*(-\s+)?(run|script|before_script|after_script|steps)\s*:/m.test(text) ? 'yaml' : undefined;
  }
  if (/\.(sh|bash|zsh|ksh)$/i.test(base) || text.startsWith('#!')) return 'shell';
  return undefined;
}

/** Start offset of each line, for offset → line:column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

export function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function shellCommands(seg: Segment): Word[][] {
  const found: Word[][] = [];
  for (const words of splitCommands(seg)) {
    const command = gcloudCommand(words);
    if (command) found.push(command);
  }
  return found;
}

/** Recipe lines only, with make's line prefixes (tab, @, -, +) blanked so offsets stay the file's. */
function makefileSegment(text: string): Segment {
  const lines = text.split('\n');
  let inRecipe = false;
  const out = lines.map((line) => {
    const continued = inRecipe;
    const recipe = continued || line.startsWith('\t');
    inRecipe = recipe && line.endsWith('\\');
    if (!recipe) return ' '.repeat(line.length);
    const prefix = (continued ? /^\t?/ : /^\t\s*[@+-]*/).exec(line)![0];
    return ' '.repeat(prefix.length) + line.slice(prefix.length);
  });
  return { text: out.join('\n'), offsetAt: (i) => i };
}

/**
 * The shell text of a YAML scalar with file offsets. Block scalars are de-indented line by line
 * (folded ones have line breaks between text lines turned into spaces); flow scalars are folded by
 * YAML's rules; when escapes make the mapping unsure, every character maps to the scalar's start.
 */
function scalarSegment(node: Scalar, src: string): Segment {
  const [start, end] = node.range!;
  const value = String(node.value);
  const chars: number[] = [];
  let text = '';
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const bodyStart = src.indexOf('\n', start) + 1;
    const lines = src.slice(bodyStart, end).split('\n');
    const explicit = /^[|>][+-]?(\d)/.exec(src.slice(start, bodyStart));
    const first = lines.find((l) => l.trim() !== '') ?? '';
    const indent = explicit ? Number(explicit[1]) : first.length - first.trimStart().length;
    let offset = bodyStart;
    lines.forEach((line, n) => {
      for (let k = indent; k < line.length; k++) {
        text += line[k];
        chars.push(offset + k);
      }
      const next = lines[n + 1];
      const fold = node.type === 'BLOCK_FOLDED' && line.trim() !== '' && next !== undefined && /^\S/.test(next.slice(indent));
      text += fold ? ' ' : '\n';
      chars.push(offset + line.length);
      offset += line.length + 1;
    });
    return { text, offsetAt: (i) => chars[i] ?? end };
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const inner = quoted ? start + 1 : start;
  const raw = src.slice(inner, quoted ? end - 1 : end);
  let offset = inner;
  raw.split('\n').forEach((line, n) => {
    const lead = n === 0 ? 0 : line.length - line.trimStart().length;
    const body = line.slice(lead).trimEnd();
    if (n > 0) {
      text += body === '' ? '\n' : ' ';
      chars.push(offset - 1);
    }
    for (let k = 0; k < body.length; k++) {
      text += body[k];
      chars.push(offset + lead + k);
    }
    offset += line.length + 1;
  });
  if (text.replace(/ \n|\n /g, '\n') !== value.replace(/ \n|\n /g, '\n')) return { text: value, offsetAt: () => start };
  return { text, offsetAt: (i) => chars[i] ?? end };
}

const SHELL_KEYS = new Set(['run', 'script', 'before_script', 'after_script']);

function yamlCommands(file: string, src: string): Word[][] {
  const { isMap, isScalar, isSeq, parseDocument } = yaml();
  const doc = parseDocument(src, { uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const where = error.linePos?.[0];
    throw new InputError(file, where ? `${where.line}:${where.col}` : '1:1', error.message.split('\n')[0]!, where?.line);
  }
  const found: Word[][] = [];
  const shell = (node: unknown): void => {
    if (isScalar(node) && node.range) found.push(...shellCommands(scalarSegment(node, src)));
    else if (isSeq(node)) node.items.forEach(shell);
  };
  const visit = (node: unknown): void => {
    if (isSeq(node)) node.items.forEach(visit);
    if (!isMap(node)) return;
    const args = node.get('args', true);
    if (isSeq(args)) cloudBuildStep(String(node.get('entrypoint') ?? ''), String(node.get('name') ?? ''), args.items);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (SHELL_KEYS.has(key)) shell(pair.value);
      else if (key !== 'args') visit(pair.value);
    }
  };
  const cloudBuildStep = (entrypoint: string, image: string, items: unknown[]): void => {
    const scalars = items.filter((n): n is Scalar => isScalar(n) && n.range !== undefined);
    if (entrypoint === 'gcloud' || (entrypoint === '' && image.includes('cloud-builders/gcloud'))) {
      const words = scalars.map((n) => cloudBuildWord(n));
      found.push([{ text: 'gcloud', unknown: false, offset: scalars[0]?.range![0] ?? 0 }, ...words]);
    } else if (/(^|\/)(ba)?sh$/.test(entrypoint)) {
      const c = scalars.findIndex((n) => /^-\w*c$/.test(String(n.value)));
      if (c >= 0 && scalars[c + 1]) shell(scalars[c + 1]);
    }
  };
  visit(doc.contents as Node);
  return found;
}

/** A Cloud Build argument: substitutions ($PROJECT_ID, ${_REGION}) are unknown; $$ is a literal $. */
function cloudBuildWord(node: Scalar): Word {
  const value = String(node.value);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const unknown = /\$(?!\$)/.test(value.replace(/\$\$/g, ''));
  return { text: unknown ? value.slice(0, value.search(/\$(?!\$)/)) : value.replace(/\$\$/g, '$'), unknown, offset: node.range![0] + (quoted ? 1 : 0) };
}

/** Every gcloud invocation in the file: the `gcloud` word followed by its arguments. */
export function findGcloud(file: string, text: string, kind: ScriptKind): Word[][] {
  if (kind === 'yaml') return yamlCommands(file, text);
  if (kind === 'makefile') return shellCommands(makefileSegment(text));
  return shellCommands({ text, offsetAt: (i) => i });
}
