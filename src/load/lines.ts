// JSON pointer → line number, resolved lazily: JSON.parse is fast but keeps no positions, so only
// the files that end up in findings or errors are scanned again (once each) for the pointers asked.
import { visit } from 'jsonc-parser';
import { pointerSegment } from '../errors.js';

/** Returns the 1-based line where the value at each pointer starts. Unknown pointers are absent from the map. */
export function linesOfPointers(text: string, pointers: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  if (pointers.size === 0) return found;
  // The pointer of the value being visited, kept as segments; inside an array the next index.
  const path: string[] = [];
  const nextIndex: number[] = [];
  const containers: ('object' | 'array')[] = [];
  const inArray = () => containers[containers.length - 1] === 'array';
  /** A value starts: its segment (an array index) joins the path and its pointer is noted. */
  const enter = (line: number) => {
    if (inArray()) path.push(pointerSegment(nextIndex[nextIndex.length - 1]!++));
    const pointer = path.length ? '/' + path.join('/') : '';
    if (pointers.has(pointer) && !found.has(pointer)) found.set(pointer, line + 1);
  };
  const leave = () => {
    if (inArray()) path.pop();
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
        enter(line);
        containers.push('object');
        path.push('');
      },
      onObjectProperty: (property) => {
        path[path.length - 1] = pointerSegment(property);
      },
      onObjectEnd: () => {
        containers.pop();
        path.pop();
        leave();
      },
      onArrayBegin: (_o, _l, line) => {
        enter(line);
        containers.push('array');
        nextIndex.push(0);
      },
      onArrayEnd: () => {
        containers.pop();
        nextIndex.pop();
        leave();
      },
      onLiteralValue: (_v, _o, _l, line) => {
        enter(line);
        leave();
      },
    });
  }
}
