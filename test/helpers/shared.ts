// ../shared (beside the project) exists in CI and on developers' machines, not in a user's clone.
// Tests that read it skip with the reason in their name.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
export const HAS_SHARED = existsSync(SHARED);
export const SHARED_SKIP_REASON = HAS_SHARED ? '' : ' (skipped: ../shared is absent — it exists in CI, not in a user clone)';

// Said once per test file that reads ../shared, so a skipped run is visible in the output.
if (!HAS_SHARED) console.warn(`SKIPPED tests that read ../shared: ${SHARED} is absent (it exists in CI, not in a user clone)`);
