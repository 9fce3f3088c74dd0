// What every output format renders: the check result with locations resolved and a summary.
import { relative } from 'node:path';
import type { CheckResult } from '../check.js';
import { locator } from '../locate.js';
import type { CoverageEntry, CoverageFailure, Model } from '../model.js';
import type { Finding, NotEvaluated } from '../rule.js';
import { fingerprint } from './fingerprint.js';

export interface LocatedFinding extends Finding {
  location?: { file: string; line: number };
  fingerprint: string;
}

export interface Report {
  findings: LocatedFinding[];
  notEvaluated: NotEvaluated[];
  coverage: { collected: CoverageEntry[]; failures: CoverageFailure[] };
  loadNotes: string[];
  /** Waivers that matched nothing or expired. */
  waiverProblems: string[];
  summary: {
    errors: number;
    warnings: number;
    notes: number;
    notEvaluated: number;
    workloads: number;
    resources: number;
    /** Findings left out because a waiver or the baseline accepts them. */
    waived: number;
    baselined: number;
  };
}

export interface Accepted {
  waived: number;
  baselined: number;
  waiverProblems: string[];
}

/** Paths are shown relative to baseDir (the working directory), with forward slashes. */
export function buildReport(
  model: Model,
  result: CheckResult,
  accepted: Accepted = { waived: 0, baselined: 0, waiverProblems: [] },
  baseDir = process.cwd(),
): Report {
  const locate = locator(result.findings.map((f) => f.source));
  // Each file's display path once: an organisation's findings point into a few files thousands of
  // times, and path.relative per finding was a visible part of the report phase (npm run bench).
  const shown = new Map<string, string>();
  const display = (file: string) => {
    let p = shown.get(file);
    if (p === undefined) shown.set(file, (p = relative(baseDir, file).split('\\').join('/')));
    return p;
  };
  const findings = result.findings.map((f): LocatedFinding => {
    const at = f.source ? locate(f.source) : undefined;
    return {
      ...f,
      location: at ? { file: display(at.file), line: at.line } : undefined,
      fingerprint: fingerprint(f),
    };
  });
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    findings,
    notEvaluated: result.notEvaluated,
    coverage: { collected: model.coverage.entries(), failures: [...model.coverage.failures] },
    loadNotes: model.loadNotes,
    waiverProblems: accepted.waiverProblems,
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
      notEvaluated: result.notEvaluated.length,
      workloads: model.workloads.length,
      resources:
        model.networks.length +
        model.subnetworks.length +
        model.firewalls.length +
        model.firewallPolicies.length +
        model.routes.length +
        model.routers.length +
        model.addresses.length +
        model.connectors.length +
        model.workloads.length,
      waived: accepted.waived,
      baselined: accepted.baselined,
    },
  };
}
