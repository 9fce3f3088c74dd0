// Streams pretty-printed JSON (2-space indent, as the Google APIs return it) to a file. Large arrays and
// maps are given as iterables and serialised one element at a time, so memory stays bounded.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** An array whose elements are produced while writing. */
export class LazyArray {
  constructor(readonly items: Iterable<unknown>) {}
}

/** An object whose entries are produced while writing; undefined values are left out. */
export class LazyObject {
  constructor(readonly entries: Iterable<readonly [string, unknown]>) {}
}

const FLUSH_AT = 1 << 16;

function* serialize(value: unknown, indent: string): Generator<string> {
  if (value instanceof LazyArray || value instanceof LazyObject) {
    const inner = indent + '  ';
    const [open, close] = value instanceof LazyArray ? ['[', ']'] : ['{', '}'];
    let first = true;
    yield open;
    const elements = value instanceof LazyArray ? value.items : value.entries;
    for (const element of elements) {
      let item = element;
      let prefix = '';
      if (value instanceof LazyObject) {
        const [key, v] = element as readonly [string, unknown];
        if (v === undefined) continue;
        prefix = `${JSON.stringify(key)}: `;
        item = v;
      }
      yield `${first ? '' : ','}\n${inner}${prefix}`;
      yield* serialize(item, inner);
      first = false;
    }
    yield first ? close : `\n${indent}${close}`;
  } else {
    const text = JSON.stringify(value, null, 2);
    yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
  }
}

/** Writes one JSON document to path; returns the number of bytes written. */
export async function writeJson(path: string, document: unknown): Promise<number> {
  const stream: WriteStream = createWriteStream(path);
  let bytes = 0;
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    const chunk = pending.join('');
    pending = [];
    size = 0;
    bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  for (const text of serialize(document, '')) {
    pending.push(text);
    size += text.length;
    if (size >= FLUSH_AT) await flush();
  }
  pending.push('\n');
  await flush();
  stream.end();
  await finished(stream);
  return bytes;
}
