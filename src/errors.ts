// User errors: bad input, bad config, bad usage. They end the run with exit code 2 and a
// one-line message naming the file, the place in it and what was expected — never a stack trace.

import { inert } from './output/escape.js';

export class InputError extends Error {
  constructor(
    /** The file at fault (as the user named it), or '' when no file is involved. */
    readonly file: string,
    /** Where in the file: a JSON path ($.items[3].ipCidrRange), or line:column. */
    readonly where: string,
    message: string,
    /** 1-based line, when known. */
    public line?: number,
    /** JSON pointer of the offending value, so the loader can find its line. */
    readonly pointer?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** An error about the JSON value at a pointer inside a file; the loader adds the line. */
  static at(file: string, pointer: string, message: string): InputError {
    return new InputError(file, pointerToPath(pointer), message, undefined, pointer);
  }

  /** file:line:column: message, or file:line: JSON path: message — one line, inert: a file name or key with a
   * newline or escape sequence cannot forge output (found by test/hostile-strings.test.ts). */
  format(): string {
    if (/^\d+:\d+$/.test(this.where)) return inert(`${this.file}:${this.where}: ${this.message}`);
    const at = [this.file, this.line].filter((p) => p !== undefined && p !== '').join(':');
    return inert([at, this.where, this.message].filter((p) => p !== '').join(': '));
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** RFC 6901 pointer → JSONPath-like text for messages: /items/regions~1r/subnetworks/3 → $.items["regions/r"].subnetworks[3] */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  let out = '$';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}
