import fc from 'fast-check';
import { createScanner, findNodeAtLocation, parseTree, SyntaxKind, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { pointerSegment } from '../src/errors.js';
import { linesOfPointers } from '../src/load/lines.js';

describe('linesOfPointers', () => {
  const text = `{
  "items": {
    "regions/r": {
      "subnetworks": [
        {"name": "a"},
        {
          "name": "b",
          "x": [1, [2, 3], {"y": 4}]
        }
      ]
    }
  },
  "z": 5
}`;
  it('maps pointers, including escaped keys and nested arrays, to 1-based lines', () => {
    const got = linesOfPointers(
      text,
      new Set([
        '',
        '/items',
        '/items/regions~1r/subnetworks/0',
        '/items/regions~1r/subnetworks/1',
        '/items/regions~1r/subnetworks/1/name',
        '/items/regions~1r/subnetworks/1/x/1/1',
        '/items/regions~1r/subnetworks/1/x/2/y',
        '/z',
        '/missing',
      ]),
    );
    expect(Object.fromEntries(got)).toEqual({
      '': 1,
      '/items': 2,
      '/items/regions~1r/subnetworks/0': 5,
      '/items/regions~1r/subnetworks/1': 6,
      '/items/regions~1r/subnetworks/1/name': 7,
      '/items/regions~1r/subnetworks/1/x/1/1': 8,
      '/items/regions~1r/subnetworks/1/x/2/y': 8,
      '/z': 13,
    });
  });

  it('counts "\\n", "\\r\\n" and a lone "\\r" as one line break each (as jsonc-parser does), and skips a BOM', () => {
    const t = '\uFEFF{\r\n"a": 1,\r"b": [1,\n2],\r\n\r\n"c": "x\\r\\ny\u2028z", "d": 3}';
    expect(Object.fromEntries(linesOfPointers(t, new Set(['', '/a', '/b/0', '/b/1', '/c', '/d'])))).toEqual({ '': 1, '/a': 2, '/b/0': 3, '/b/1': 4, '/c': 6, '/d': 6 });
  });

  it('decodes keys with escapes, and ~0 / ~1 in pointers; an array takes only canonical indices', () => {
    const t = '{"a\\u002fb": 1,\n"t~\\"\\\\": 2,\n"": {"": 3},\n"0": [4,\n5],\n"03": 6}';
    const got = linesOfPointers(t, new Set(['/a~1b', '/t~0"\\', '/', '//', '/0/1', '/0/01', '/0/-', '/0/+1', '/03', '/0/1e0']));
    expect(Object.fromEntries(got)).toEqual({ '/a~1b': 1, '/t~0"\\': 2, '/': 3, '//': 3, '/0/1': 5, '/03': 6 });
  });

  it('finds nothing for what is not a pointer', () => {
    expect(linesOfPointers('{"a": {"~2": 1}, "b": 2}', new Set(['a', '/a/~2', '/a/~', 'b'])).size).toBe(0);
  });

  it('takes the first of duplicate keys, as the scanner before it did', () => {
    expect(Object.fromEntries(linesOfPointers('{"a": 1,\n"a": 2}', new Set(['/a'])))).toEqual({ '/a': 1 });
  });

  it('a primitive root has only the root', () => {
    expect(Object.fromEntries(linesOfPointers('\n\n  42 ', new Set(['', '/0', '/a'])))).toEqual({ '': 3 });
  });

  it('works at any depth: 100,000 nested arrays and objects, with no stack overflow', () => {
    const n = 100_000;
    const arrays = '[\n'.repeat(n) + '1' + ']'.repeat(n);
    const deepest = '/0'.repeat(n);
    // The value at depth d starts on line d + 1.
    expect(Object.fromEntries(linesOfPointers(arrays, new Set(['', '/0', '/0'.repeat(50_000), deepest, deepest + '/0', '/0'.repeat(n - 1) + '/1', '/1'])))).toEqual({
      '': 1,
      '/0': 2,
      ['/0'.repeat(50_000)]: 50_001,
      [deepest]: n + 1,
    });
    const objects = '{"k~/":\n'.repeat(n) + 'null' + '}'.repeat(n);
    expect(Object.fromEntries(linesOfPointers(objects, new Set(['/k~0~1'.repeat(n), '/k~0~1'.repeat(n) + '/k~0~1'])))).toEqual({ ['/k~0~1'.repeat(n)]: n + 1 });
    // A deep value on the way is skipped wholesale.
    const skipped = `{"deep": ${'['.repeat(n)}"]}[{"${']'.repeat(n)},\n"z": 1}`;
    expect(Object.fromEntries(linesOfPointers(skipped, new Set(['/z', '/deep/1'])))).toEqual({ '/z': 2 });
  });

  it('on text that is not JSON (a file changed since it was parsed), returns without throwing or hanging', () => {
    fc.assert(
      fc.property(jsonText, fc.nat(), fc.string({ maxLength: 3 }), ({ text: t, pointers }, at, junk) => {
        const cut = at % (t.length + 1);
        linesOfPointers(t.slice(0, cut), pointers);
        linesOfPointers(t.slice(0, cut) + junk + t.slice(cut), pointers);
      }),
      { seed: 20261122, numRuns: 1_000 },
    );
  });

  it('agrees with jsonc-parser (parseTree + findNodeAtLocation) on random JSON, formatting and pointers', () => {
    fc.assert(
      fc.property(jsonText, ({ text: t, pointers }) => {
        expect(sorted(linesOfPointers(t, pointers))).toEqual(sorted(oracle(t, pointers)));
      }),
      { seed: 20261121, numRuns: 3_000 },
    );
  });
});

// ---------- the property test: random JSON, formatting and pointer sets; an oracle from jsonc-parser ----------

/** Keys that need escaping in JSON or in a pointer, that look like array indices, or are astral or lone surrogates. */
const key = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'name', '0', '1', '03', '-', '~', '/', '~0', '~1', '~01', 'a/b', 'x~y', '/~/', '"', '\\', '\\"', '\n', '\t', '\u2028', 'é', '😀', '\ud800', '\udfff'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

const { value: jsonValue } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    fc.oneof(key, fc.string({ unit: 'grapheme', maxLength: 10 })),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
}));

/** Every pointer into a value, the root ("") included. */
function pointersOf(value: unknown, prefix = '', out: string[] = []): string[] {
  out.push(prefix);
  if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pointersOf(v, `${prefix}/${pointerSegment(k)}`, out);
  return out;
}

/** mulberry32: the formatting choices, from one seed fast-check draws. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPACE = [' ', '\t', '\n', '\r\n', '\r', '  ', '\n\n'];

/**
 * JSON.stringify with an indent of 0, 1, 2 or a tab, then re-emitted token by token: random whitespace
 * (with "\r\n" and lone "\r") between tokens, line breaks turned into "\r\n", characters in strings
 * (keys too) written as \uXXXX, sometimes a BOM.
 */
function format(value: unknown, seed: number): string {
  const rnd = random(seed);
  const indent = [0, 1, 2, '\t'][Math.floor(rnd() * 4)]!;
  const plain = JSON.stringify(value, null, indent);
  const spacing = rnd() < 0.5 ? 0 : rnd() * 0.5;
  const escaping = rnd() < 0.5 ? 0 : rnd() * 0.5;
  const crlf = rnd() < 0.3;
  let out = rnd() < 0.1 ? '\uFEFF' : '';
  const scanner = createScanner(plain, false);
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (rnd() < spacing) out += SPACE[Math.floor(rnd() * SPACE.length)];
    if (token === SyntaxKind.LineBreakTrivia && crlf) out += '\r\n';
    else if (token === SyntaxKind.StringLiteral && escaping > 0) {
      out += '"';
      for (const unit of scanner.getTokenValue().split(''))
        out += rnd() < escaping ? `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(unit).slice(1, -1);
      out += '"';
    } else out += plain.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
  }
  if (rnd() < spacing) out += SPACE[Math.floor(rnd() * SPACE.length)];
  return out;
}

/** Pointers that are not in the value: past an array's end, under a primitive, not canonical, not well-formed. */
function absentNear(pointer: string, rnd: () => number): string {
  const variants = [
    `${pointer}/0`,
    `${pointer}/zz`,
    `${pointer}/-`,
    `${pointer}/~2`,
    `${pointer}/`,
    pointer.replace(/\/(\d+)$/, (_, i: string) => `/${Number(i) + 100}`),
    pointer.replace(/\/(\d+)$/, '/0$1'),
    pointer.slice(1),
    `${pointer}~`,
  ];
  return variants[Math.floor(rnd() * variants.length)]!;
}

const jsonText = fc.tuple(jsonValue, fc.integer(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 })).map(([value, seed, junk]) => {
  const rnd = random(seed ^ 0x5bd1e995);
  const all = pointersOf(value);
  const share = rnd();
  const pointers = new Set(all.filter(() => rnd() < share));
  for (let i = Math.floor(rnd() * 4); i > 0; i--) pointers.add(absentNear(all[Math.floor(rnd() * all.length)]!, rnd));
  for (const j of junk) pointers.add(j);
  return { text: format(value, seed), pointers };
});

/** Lines from jsonc-parser's tree: the node at each pointer, then line breaks ("\n", "\r\n", "\r") before its offset. */
function oracle(text: string, pointers: ReadonlySet<string>): Map<string, number> {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const root = parseTree(text.slice(bom), [], { disallowComments: true, allowTrailingComma: false });
  const out = new Map<string, number>();
  for (const pointer of pointers) {
    if (pointer !== '' && !pointer.startsWith('/')) continue;
    let node: Node | undefined = root;
    for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
      if (!node || /~(?![01])/.test(raw)) {
        node = undefined;
        break;
      }
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node.type === 'array') node = /^(0|[1-9]\d*)$/.test(segment) ? findNodeAtLocation(node, [Number(segment)]) : undefined;
      else node = findNodeAtLocation(node, [segment]);
    }
    if (node) out.set(pointer, text.slice(0, node.offset + bom).split(/\r\n|\r|\n/).length);
  }
  return out;
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
