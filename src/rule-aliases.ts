// Rule ids that were retired or merged into another rule. Ids are a contract (src/rule.ts): a retired
// id keeps working wherever a user wrote it — `rules:` severities and waivers in .egress-lint.yaml,
// baseline files, `egress-lint explain` — and means the rule that now reports the same mistake.
import { table } from './lookup.js';

/** Retired id → the id of the rule that reports its findings now. */
export const RULE_ALIASES: Readonly<Record<string, string>> = table({
  // Each mistake is reported once: a deploy command is laid over the snapshot as the resource it leaves
  // behind, and the rule on that resource reports it (with the command's line as its source).
  'gcloud/vpc-mode-conflict': 'run/vpc-mode-conflict',
  'gcloud/egress-without-vpc': 'run/egress-without-vpc',
  'gcloud/connector-range-not-28': 'connector/range-invalid',
  'gcloud/direct-vpc-subnet-too-small': 'direct-vpc/subnet-capacity',
});

/** The id of the rule that reports findings for `id` (itself unless it is retired). */
export function canonicalRuleId(id: string): string {
  return RULE_ALIASES[id] ?? id;
}
