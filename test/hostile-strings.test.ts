// Hostile strings are inert: resource names, file names and collection failures carrying ANSI/OSC escapes,
// newlines, markdown and HTML are shown escaped in text and compact output (no raw escape byte reaches the
// terminal, a newline cannot forge a finding line), stay exact but JSON-escaped in JSON, and cannot
// become a control character or an embedded link in SARIF message text.
import { describe, expect, test } from 'vitest';
import { BUNDLE_KIND, BUNDLE_SCHEMA_VERSION } from '../src/load/bundle.js';
import { cli } from './helpers/cli.js';
import { caseFiles } from './helpers/fixture-case.js';
import { tmpFiles } from './helpers/tmp.js';
import { DENY_ALL_CONNECTOR_EGRESS } from './helpers/variants.js';

const FORGED = 'firewalls.json:1: error: forged finding [fake/rule]';
const HOSTILE = `deny\u001b[2J\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\r\n${FORGED}\u2028**bold** [link](https://evil.example) <script>alert(1)</script>\u202e`;

function hostileInput(): string {
  const files = caseFiles(DENY_ALL_CONNECTOR_EGRESS);
  // The firewall rule that denies the job's egress gets the hostile name; the job too.
  files['firewalls.json'] = files['firewalls.json']!.replace('"deny-all-egress"', JSON.stringify(HOSTILE));
  // A Run name is projects/P/locations/R/jobs/NAME: the hostile part without slashes.
  files['jobs.json'] = files['jobs.json']!.replace('jobs/my-agent-4"', `jobs/agent${JSON.stringify(HOSTILE.replace(/\//g, '')).slice(1)}`);
  // An egress value the API does not accept gives a finding located in the jobs file (run/egress-without-vpc).
  files['jobs.json'] = files['jobs.json']!.replace('"egress": "ALL_TRAFFIC"', '"egress": "EVERYTHING"');
  // The jobs file under a hostile name (it is recognised by content), and a snapshot whose failure reason is hostile.
  files[`jobs\n${FORGED}\u001b[2J.json`] = files['jobs.json']!;
  delete files['jobs.json'];
  files['snapshot.json'] = JSON.stringify({
    kind: BUNDLE_KIND,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    tool: { name: 'egress-lint', version: 'test' },
    coverage: [],
    failures: [{ collection: 'routers', project: `myproject${HOSTILE}`, region: 'europe-west2', reason: HOSTILE, fix: HOSTILE }],
    projects: [],
    resources: [],
  });
  return tmpFiles(files);
}

/** No control character but the newline ending each line; with colour, none but picocolors' SGR sequences. */
function expectInert(out: string, color: boolean): void {
  const plain = color ? out.replace(/\u001b\[\d+m/g, '') : out;
  // eslint-disable-next-line no-control-regex
  expect(plain.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  expect(plain).not.toMatch(/^\s*firewalls\.json:1: error: forged/m);
}

describe('hostile strings in names, file names and failure reasons', () => {
  test('an input error naming a hostile file: one inert line on stderr', async () => {
    const dir = tmpFiles({ [`x\n${FORGED}\u001b[2J.json`]: '{' });
    const r = await cli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^egress-lint: [^\n]*\n$/);
    expectInert(r.stderr, false);
  });

  test('the input carries them into findings (so the test can fail)', async () => {
    const r = await cli(['check', hostileInput(), '-f', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.findings.some((f: { message: string }) => f.message.includes(HOSTILE))).toBe(true);
    expect(report.findings.some((f: { location: { file: string } | null }) => f.location?.file.includes(FORGED))).toBe(true);
    expect(report.coverage.failures[0].reason).toBe(HOSTILE);
  });

  test.each([false, true])('text (colour %s): escaped, no forged line', async (color) => {
    const r = await cli(['check', hostileInput(), color ? '--color' : '--no-color']);
    expect(r.stdout).toContain('\\u001b[2J');
    expect(r.stdout).toContain('\\u000d\\u000a');
    expectInert(r.stdout, color);
  });

  test('compact: one line per finding or not-evaluated record, escaped', async () => {
    const r = await cli(['check', hostileInput(), '-f', 'compact']);
    expectInert(r.stdout, false);
    const json = JSON.parse((await cli(['check', hostileInput(), '-f', 'json'])).stdout);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(json.findings.length + json.notEvaluated.length);
  });

  test('json: exact strings, escaped by JSON (no raw control byte)', async () => {
    const r = await cli(['check', hostileInput(), '-f', 'json']);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f]/);
    expect(JSON.parse(r.stdout).findings.map((f: { message: string }) => f.message).join()).toContain(HOSTILE);
  });

  test('sarif: message text has no control character and no embedded link', async () => {
    const r = await cli(['check', hostileInput(), '-f', 'sarif']);
    const results = JSON.parse(r.stdout).runs[0].results as { message: { text: string } }[];
    expect(results.length).toBeGreaterThan(0);
    for (const { message } of results) {
      // eslint-disable-next-line no-control-regex
      expect(message.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
      expect(message.text).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/); // SARIF embedded link: [text](target)
    }
    expect(results.some((x) => x.message.text.includes('\\[link\\](https://evil.example)'))).toBe(true);
  });

  test('markdown: the Mermaid path diagrams carry no control or bidirectional character either', async () => {
    const r = await cli(['check', hostileInput(), '-f', 'markdown']);
    const diagrams = [...r.stdout.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(diagrams.some((d) => d.includes('deny'))).toBe(true);
    // eslint-disable-next-line no-control-regex
    for (const d of diagrams) expect(d.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });
});
