// The rule API. A rule is a pure function of the model (and, for path rules, of the engine's traces):
// no I/O, no raw API JSON. Modelled on ESLint's meta + create and tflint's Check(runner).
import type { Collection, CoverageEntry, Model, SourceRef } from './model.js';
import type { Trace } from './engine/types.js';
import type { ModelIndex } from './engine/model-index.js';
import type { Fix } from './fix.js';

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export interface RuleMeta {
  /** Stable kebab-case id, grouped: "run/vpc-mode-conflict". A contract: never renamed or reused. */
  id: string;
  /** Default severity; a rule may report a finding with another (e.g. connector/not-ready). */
  severity: Severity;
  /** One sentence, shown in listings and as SARIF shortDescription. */
  short: string;
  /** A paragraph: what is detected and why it breaks egress (SARIF fullDescription). */
  description: string;
  /** Collections the rule needs for a resource; without them it reports "not evaluated". Documentation only. */
  requires: Collection[];
  /** True for rules that read the path engine's traces. */
  path?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Full resource name of the resource at fault (Cloud Asset Inventory form). */
  resource: string;
  /** actionlint style: what is wrong, the quoted values, how to fix it. Ends without the rule id. */
  message: string;
  /** Where the resource was defined in the input. */
  source?: SourceRef;
  /** Destination name for path findings; part of the fingerprint. */
  destination?: string;
  /** Tells apart findings of one rule on one resource (e.g. two gcloud commands); part of the fingerprint. */
  discriminator?: string;
  /** Other resources involved, by full name. */
  related?: string[];
  /** Data not seen that could change the finding. */
  caveats?: string[];
  /** Ways to fix it, each a summary and the commands to run (built in src/fix.ts). */
  fixes?: Fix[];
  trace?: Trace;
}

export interface NotEvaluated {
  ruleId: string;
  /** The resource the rule could not evaluate; undefined when it could not run at all. */
  resource?: string;
  /** The collections that were not provided. */
  missing: CoverageEntry[];
  reason: string;
}

export interface Report {
  resource: string;
  message: string;
  source?: SourceRef;
  severity?: Severity;
  destination?: string;
  discriminator?: string;
  related?: string[];
  caveats?: string[];
  fixes?: Fix[];
  trace?: Trace;
}

export interface RuleContext {
  readonly model: Model;
  /** The engine's index of the model, built once per evaluation. */
  readonly index: ModelIndex;
  /** Traces of every workload to every destination (path rules); empty for configuration-only runs. */
  readonly traces: readonly Trace[];
  report(report: Report): void;
  /**
   * Checks that every needed collection was seen; if not, records "not evaluated" for the resource
   * and returns false. Use it before any conclusion that depends on the collection being complete.
   */
  need(resource: string | undefined, needed: CoverageEntry[], what: string): boolean;
  /** Records "not evaluated" for a resource for a reason other than a missing collection. */
  notEvaluated(resource: string | undefined, reason: string, missing?: CoverageEntry[]): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
