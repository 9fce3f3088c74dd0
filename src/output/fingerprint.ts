// A finding's stable identity: rule + resource + destination. Not line numbers, which churn.
// Used as SARIF partialFingerprints and as the baseline key.
import { createHash } from 'node:crypto';
import type { Finding } from '../rule.js';

export function fingerprint(f: Pick<Finding, 'ruleId' | 'resource' | 'destination'>): string {
  return createHash('sha256')
    .update(`${f.ruleId}|${f.resource}|${f.destination ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
