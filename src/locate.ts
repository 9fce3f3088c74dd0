// Resolves the SourceRef of findings to file:line, reading each involved file once.
import { readFileSync } from 'node:fs';
import { linesOfPointers } from './load/lines.js';
import type { SourceRef } from './model.js';

export interface Location {
  file: string;
  line: number;
}

/**
 * Returns a function from SourceRef to Location. A source that is no readable file (a live scan's
 * in-memory snapshot) has no location.
 */
export function locator(sources: Iterable<SourceRef | undefined>): (s: SourceRef) => Location | undefined {
  const wanted = new Map<string, Set<string>>();
  for (const s of sources) {
    if (!s || s.line !== undefined) continue;
    let set = wanted.get(s.file);
    if (!set) wanted.set(s.file, (set = new Set()));
    set.add(s.pointer);
  }
  const lines = new Map<string, Map<string, number>>();
  for (const [file, pointers] of wanted) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    lines.set(file, linesOfPointers(text, pointers));
  }
  return (s) => {
    if (s.line !== undefined) return { file: s.file, line: s.line };
    const found = lines.get(s.file);
    return found ? { file: s.file, line: found.get(s.pointer) ?? 1 } : undefined;
  };
}
