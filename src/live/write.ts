// Snapshot bundles: deterministic JSON, written atomically.
import { writeFileAtomic } from '../atomic.js';
import type { Bundle } from '../load/bundle.js';

/** Deterministic JSON: 2-space indent, keys in the order the collector built them, trailing newline. */
export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export async function writeBundleAtomically(path: string, bundle: Bundle): Promise<void> {
  await writeFileAtomic(path, serializeBundle(bundle));
}
