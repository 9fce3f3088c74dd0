// JSON pointer → line number, resolved lazily: JSON.parse is fast but keeps no positions, so only
// the files that end up in findings or errors are scanned again (once each) for the pointers asked.
//
// A hand-rolled scanner over char codes, not a general JSON parser: it walks only the containers on
// the way to a wanted pointer and skips every other value with a tight loop that tracks nothing but
// strings (and their escapes) and bracket depth. Lines are counted afterwards, only up to the values
// found. It is iterative (any nesting depth), stops once every pointer is found, and on text that is
// not JSON it returns what it found so far rather than throwing.

/** The wanted pointers as a trie of decoded segments (RFC 6901: "~1" is "/", "~0" is "~"). */
interface Wanted {
  /** The pointer as asked, if one ends here and its value is not yet found. */
  pending: string | undefined;
  /** Pointers left to find here and below. */
  left: number;
  /** The wanted members of an object, by decoded key. */
  keys: Map<string, Wanted> | undefined;
  /** The wanted elements of an array: their indices ascending (segments such as "3", not "03" or "-"), and their nodes. */
  indices: number[] | undefined;
  elements: Wanted[] | undefined;
}

const node = (): Wanted => ({ pending: undefined, left: 0, keys: undefined, indices: undefined, elements: undefined });

/** The trie of the pointers; undefined when none of them is a well-formed pointer. */
function trieOf(pointers: ReadonlySet<string>): Wanted | undefined {
  const root = node();
  for (const pointer of pointers) {
    if (pointer !== '' && pointer.charCodeAt(0) !== 47 /* / */) continue; // not a pointer: never found
    const segments = pointer === '' ? [] : pointer.slice(1).split('/');
    if (segments.some((s) => /~(?![01])/.test(s))) continue; // "~" not followed by 0 or 1: ditto
    let at = root;
    at.left++;
    for (const s of segments) {
      const key = s.includes('~') ? s.replace(/~1/g, '/').replace(/~0/g, '~') : s;
      at.keys ??= new Map();
      let next = at.keys.get(key);
      if (!next) at.keys.set(key, (next = node()));
      at = next;
      at.left++;
    }
    at.pending = pointer;
  }
  if (root.left === 0) return undefined;
  // Segments that can index an array, in order. The trie is walked with an explicit stack: a pointer
  // may be as deep as the file.
  const todo = [root];
  for (let at = todo.pop(); at; at = todo.pop()) {
    if (!at.keys) continue;
    const indexed: [number, Wanted][] = [];
    for (const [key, next] of at.keys) {
      todo.push(next);
      if (/^(?:0|[1-9]\d*)$/.test(key) && Number.isSafeInteger(Number(key))) indexed.push([Number(key), next]);
    }
    if (indexed.length === 0) continue;
    indexed.sort((a, b) => a[0] - b[0]);
    at.indices = indexed.map(([i]) => i);
    at.elements = indexed.map(([, n]) => n);
  }
  return root;
}

/** Returns the 1-based line where the value at each pointer starts. Unknown pointers are absent from the map. */
export function linesOfPointers(text: string, pointers: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  if (pointers.size === 0) return found;
  const root = trieOf(pointers);
  if (!root) return found;
  const len = text.length;
  let remaining = root.left;

  // Lines are counted as jsonc-parser (the scanner before this one) counts them: "\n", "\r\n" and a
  // lone "\r" each end a line. Values are found in document order, so two cursors that only move
  // forward count the breaks before each one (String.indexOf is far faster than a loop over chars).
  let line = 1;
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  const lineAt = (pos: number): number => {
    while (nextLf !== -1 && nextLf < pos) {
      line++;
      nextLf = text.indexOf('\n', nextLf + 1);
    }
    while (nextCr !== -1 && nextCr < pos) {
      if (text.charCodeAt(nextCr + 1) !== 10) line++;
      nextCr = text.indexOf('\r', nextCr + 1);
    }
    return line;
  };

  /** After the opening quote of a string: the position after its closing quote. String.indexOf jumps to
   * each quote (faster than a loop over chars); the quote ends the string unless an odd run of backslashes
   * escapes it. */
  const skipString = (pos: number): number => {
    for (;;) {
      const quote = text.indexOf('"', pos);
      if (quote === -1) return len;
      let b = quote - 1;
      while (text.charCodeAt(b) === 92 /* \ */) b--;
      pos = quote + 1;
      if (((quote - 1 - b) & 1) === 0) return pos;
    }
  };
  /** After the opening bracket of a container (or inside one, `depth` deep): the position after the bracket that closes it. */
  const skipContainer = (pos: number, depth: number): number => {
    while (pos < len) {
      const c = text.charCodeAt(pos++);
      if (c === 34 /* " */) pos = skipString(pos);
      else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (--depth === 0) return pos;
      }
    }
    return len;
  };
  /** At the start of a value: the position after it. */
  const skipValue = (pos: number): number => {
    const c = text.charCodeAt(pos);
    if (c === 34) return skipString(pos + 1);
    if (c === 123 || c === 91) return skipContainer(pos + 1, 1);
    // A number, true, false or null: up to the next delimiter or whitespace.
    while (pos < len) {
      const d = text.charCodeAt(pos);
      if (d === 44 /* , */ || d === 125 || d === 93 || d <= 32) break;
      pos++;
    }
    return pos;
  };
  const skipSpace = (pos: number): number => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return pos;
    }
  };

  // The containers being walked (each on the way to a wanted pointer), outermost first.
  const path: Wanted[] = [];
  const isArray: boolean[] = [];
  /** In an array: the index of the next element, and where its next wanted index is in `indices`. */
  const nextIndex: number[] = [];
  const nextWanted: number[] = [];

  // A BOM: stripped when files are loaded, still there when locate.ts reads one again; jsonc-parser skipped it.
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** The value that starts at pos (after whitespace), if it is wanted. */
  let at: Wanted | undefined = root;
  for (;;) {
    // A value starts.
    pos = skipSpace(pos);
    if (pos >= len) return found;
    if (at) {
      if (at.pending !== undefined) {
        found.set(at.pending, lineAt(pos));
        at.pending = undefined;
        at.left--;
        for (let i = 0; i < path.length; i++) path[i]!.left--;
        if (--remaining === 0) return found;
      }
      const c = text.charCodeAt(pos);
      if (at.left > 0 && ((c === 123 && at.keys) || (c === 91 && at.indices))) {
        const inside = skipSpace(pos + 1);
        const d = text.charCodeAt(inside);
        if (d !== 125 && d !== 93) {
          // Into a container with something wanted in it (not an empty one).
          path.push(at);
          isArray.push(c === 91);
          nextIndex.push(0);
          nextWanted.push(0);
          pos = inside;
          if (memberOrElement() === undefined) return found;
          continue;
        }
      }
    }
    pos = skipValue(pos);
    // A value ended: the container it is in goes on, or ends (and so does its own container, ...).
    for (;;) {
      const depth = path.length;
      if (depth === 0) return found; // the root value ended
      pos = skipSpace(pos);
      const c = text.charCodeAt(pos);
      if (c === 44) {
        pos++;
        const container = path[depth - 1]!;
        if (container.left > 0 && (!isArray[depth - 1] || nextWanted[depth - 1]! < container.indices!.length)) break;
        pos = skipContainer(pos, 1); // nothing more wanted in this container
      } else if (c === 125 || c === 93) {
        pos++;
      } else return found; // not JSON
      path.pop();
      isArray.pop();
      nextIndex.pop();
      nextWanted.pop();
    }
    if (memberOrElement() === undefined) return found;
  }

  /**
   * At the next member of the innermost object (its key) or the next element of the innermost array,
   * after whitespace: moves pos to its value and sets `at`. Undefined when the text is not JSON.
   */
  function memberOrElement(): true | undefined {
    const top = path.length - 1;
    const container = path[top]!;
    if (isArray[top]) {
      const index = nextIndex[top]!++;
      const w = nextWanted[top]!;
      if (w < container.indices!.length && container.indices![w] === index) {
        nextWanted[top] = w + 1;
        at = container.elements![w]!;
        if (at.left === 0) at = undefined;
      } else at = undefined;
      return true;
    }
    pos = skipSpace(pos);
    if (text.charCodeAt(pos) !== 34) return undefined;
    const start = pos;
    let escaped = false;
    pos++;
    while (pos < len) {
      const c = text.charCodeAt(pos++);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        pos++;
      }
    }
    let key: string;
    if (!escaped) key = text.slice(start + 1, pos - 1);
    else {
      try {
        key = JSON.parse(text.slice(start, pos)) as string;
      } catch {
        return undefined;
      }
    }
    pos = skipSpace(pos);
    if (text.charCodeAt(pos) !== 58 /* : */) return undefined;
    pos++;
    at = container.keys!.get(key);
    if (at && at.left === 0) at = undefined;
    return true;
  }
}
