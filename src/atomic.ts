// Nothing half-written: every output file (reports, snapshots, baselines) goes to a temporary file
// beside it, is flushed to disk, then renamed over the target; on failure the old file stays intact.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors.js';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
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
    // A path the user named that cannot be written (a directory, a missing directory, no permission) is
    // a user error, exit 2 naming it — not an internal error (found by test/robust-corpus.test.ts).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    const why: Record<string, string> = { EISDIR: 'it is a directory', ENOENT: 'its directory does not exist', EACCES: 'permission denied', ENOTDIR: 'a parent is not a directory' };
    throw new InputError(path, '', `cannot write: ${why[code] ?? code}`);
  }
}
