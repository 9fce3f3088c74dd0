// Writes a snapshot so that a reader never sees half a file: temp file in the same directory, fsync, rename.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Bundle } from '../load/bundle.js';

/** Deterministic JSON: 2-space indent, keys in the order the collector built them, trailing newline. */
export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export async function writeBundleAtomically(path: string, bundle: Bundle): Promise<void> {
  const text = serializeBundle(bundle);
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(tmp, 'wx');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
