// The package's own metadata and root directory (rule docs are read from rules/*.md beside the rules).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  name: string;
  version: string;
  homepage: string;
}

/** The nearest package.json above this module that is egress-lint's, read once. */
function findRoot(): { root: string; manifest: Manifest } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (manifest.name === 'egress-lint') return { root: dir, manifest };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('egress-lint: cannot find its own package.json');
    dir = parent;
  }
}

const { root, manifest } = findRoot();
export const PACKAGE_ROOT = root;
export const VERSION = manifest.version;

/** Documentation of a rule: rules/<id>.md. */
export function ruleDocPath(ruleId: string): string {
  return join(PACKAGE_ROOT, 'rules', `${ruleId}.md`);
}

// Read once per process: every SARIF rendering (several per run with -o, thousands in the fuzz test)
// carries every rule's documentation.
const docs = new Map<string, string>();
export function ruleDoc(ruleId: string): string {
  let doc = docs.get(ruleId);
  if (doc === undefined) docs.set(ruleId, (doc = readFileSync(ruleDocPath(ruleId), 'utf8')));
  return doc;
}

/** Documentation URL at the release tag, so links keep matching the rule version that reported. */
export function ruleHelpUri(ruleId: string): string {
  return `${manifest.homepage}/blob/v${VERSION}/rules/${ruleId}.md`;
}
