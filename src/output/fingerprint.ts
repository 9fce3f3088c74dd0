// A finding's stable identity: rule + resource + destination (+ discriminator). Not line numbers, which churn.
// Used as SARIF partialFingerprints and as the baseline key.
import { createHash } from 'node:crypto';
import type { Finding } from '../rule.js';

export function fingerprint(f: Pick<Finding, 'ruleId' | 'resource' | 'destination' | 'discriminator'>): string {
  return createHash('sha256')
    .update(`${f.ruleId}|${f.resource}|${f.destination ?? ''}${f.discriminator ? `|${f.discriminator}` : ''}`)
    .digest('hex')
    .slice(0, 32);
}
