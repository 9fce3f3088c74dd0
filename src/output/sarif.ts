// --format sarif: SARIF 2.1.0 as GitHub code scanning accepts it (linter-conventions.md §2):
// one run, the whole rule catalogue in tool.driver.rules (stable ruleIndex), every result with a
// physical location (the input file and line) plus a logical location (the full resource name),
// and partialFingerprints from rule + resource + destination, never from line numbers.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES } from '../../rules/index.js';
import { ruleDoc, ruleHelpUri, VERSION } from '../package-info.js';
import { sarifText } from './escape.js';
import type { Report } from './report.js';

export interface SarifOptions {
  /** Where results without a source location point (GitHub rejects results without one). */
  fallbackUri: string;
}

export function ruleDescriptor(meta: (typeof RULES)[number]['meta']): ReportingDescriptor {
  const markdown = ruleDoc(meta.id);
  return {
    id: meta.id,
    name: meta.id
      .split(/[/-]/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: meta.short },
    fullDescription: { text: meta.description },
    help: { text: markdown, markdown },
    helpUri: ruleHelpUri(meta.id),
    defaultConfiguration: { level: meta.severity },
    properties: { tags: [...new Set(['egress', 'google-cloud', meta.id.split('/')[0]!])] },
  };
}

export function formatSarif(report: Report, options: SarifOptions): string {
  const index = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const results: Result[] = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: f.severity,
    message: { text: sarifText(f.message) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.location?.file ?? options.fallbackUri) },
          region: { startLine: f.location?.line ?? 1 },
        },
        logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
      },
    ],
    partialFingerprints: { primaryLocationLineHash: `${f.fingerprint}:1`, 'egressLint/v1': f.fingerprint },
    ...(f.destination ? { properties: { destination: f.destination } } : {}),
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'egress-lint',
            version: VERSION,
            informationUri: ruleHelpUri('').replace(/\/blob\/.*$/, ''),
            rules: RULES.map((r) => ruleDescriptor(r.meta)),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
