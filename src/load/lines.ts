// JSON pointer → line number, resolved lazily: JSON.parse is fast but keeps no positions, so only
// the files that end up in findings or errors are scanned again (once each) for the pointers asked.
import { visit } from 'jsonc-parser';
import { pointerSegment } from '../errors.js';

/** Returns the 1-based line where the value at each pointer starts. Unknown pointers are absent from the map. */
export function linesOfPointers(text: string, pointers: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  if (pointers.size === 0) return found;
  const path: string[] = [];
  // Current pointer of the value being visited, built incrementally.
  const note = (pointer: string, line: number) => {
    if (pointers.has(pointer) && !found.has(pointer)) found.set(pointer, line + 1);
  };
  const arrayIndex: number[] = [];
  const containers: ('object' | 'array')[] = [];
  const valueStart = (line: number) => {
    if (containers[containers.length - 1] === 'array') {
      path.push(pointerSegment(arrayIndex[arrayIndex.length - 1]!));
      note(path.length ? '/' + path.join('/') : '', line);
      path.pop();
      arrayIndex[arrayIndex.length - 1]!++;
    } else {
      note(path.length ? '/' + path.join('/') : '', line);
    }
  };
  // jsonc-parser recurses per nesting level, so a pathologically deep file overflows the stack. Lines are an
  // aid: the pointers found so far are kept, the rest go without a line (found by test/robust-corpus.test.ts).
  try {
    visitAll();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  return found;

  function visitAll(): void {
    visit(text, {
      onObjectBegin: (_o, _l, line) => {
        if (containers[containers.length - 1] === 'array') {
          path.push(pointerSegment(arrayIndex[arrayIndex.length - 1]!));
          arrayIndex[arrayIndex.length - 1]!++;
        }
        note(path.length ? '/' + path.join('/') : '', line);
        containers.push('object');
        path.push('');
      },
      onObjectProperty: (property) => {
        path[path.length - 1] = pointerSegment(property);
      },
      onObjectEnd: () => {
        containers.pop();
        path.pop();
        if (containers[containers.length - 1] === 'array') path.pop();
      },
      onArrayBegin: (_o, _l, line) => {
        if (containers[containers.length - 1] === 'array') {
          path.push(pointerSegment(arrayIndex[arrayIndex.length - 1]!));
          arrayIndex[arrayIndex.length - 1]!++;
        }
        note(path.length ? '/' + path.join('/') : '', line);
        containers.push('array');
        arrayIndex.push(0);
      },
      onArrayEnd: () => {
        containers.pop();
        arrayIndex.pop();
        if (containers[containers.length - 1] === 'array') path.pop();
      },
      onLiteralValue: (_v, _o, _l, line) => valueStart(line),
    });
  }
}
