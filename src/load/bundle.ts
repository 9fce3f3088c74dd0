// The snapshot bundle egress-lint writes (`egress-lint snapshot`) and reads like any other input.
// It holds the raw API resources exactly as the APIs returned them (secret values removed) plus the
// coverage record, so that an offline check knows what was collected and what could not be.
import type { CoverageEntry, CoverageFailure } from '../model.js';

export const BUNDLE_KIND = 'egress-lint#snapshot';
export const BUNDLE_SCHEMA_VERSION = 1;

export interface Bundle {
  kind: typeof BUNDLE_KIND;
  schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  tool: { name: 'egress-lint'; version: string };
  /** Collections collected completely, per project and (for regional collections) region. */
  coverage: CoverageEntry[];
  /** Collections that could not be collected, with the reason and the fix. */
  failures: CoverageFailure[];
  /** Project number → id, so Run v1 namespaces (project numbers) resolve. */
  projects: { projectId: string; projectNumber?: string }[];
  /** Raw API resources, recognised by content like any other input. */
  resources: unknown[];
}
