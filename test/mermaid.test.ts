// Mermaid flowcharts of the facts §10 path and its broken variants (golden), checked against the small
// grammar the renderer emits; hostile resource names stay inside their labels.
import { describe, expect, it } from 'vitest';
import { INTERNET } from '../src/engine/destinations.js';
import { traceAll, traceOne, traceSession } from '../src/engine/trace.js';
import type { Trace } from '../src/engine/types.js';
import { loadPaths } from '../src/load/index.js';
import { mermaidText, traceToMermaid, tracesToMermaid } from '../src/output/mermaid.js';
import { build, SEED } from './engine-helpers.js';
import { golden } from './helpers/golden.js';
import { hostileDocs } from './helpers/hostile.js';
import {
  CONNECTOR_AND_DIRECT_VPC,
  CONNECTOR_IN_ERROR,
  DEFAULT_ROUTE_DELETED,
  DENY_ALL_CONNECTOR_EGRESS,
  DIRECT_VPC_WITHOUT_NAT,
  loadVariant,
  NAT_LISTING_OTHER_SUBNETS,
  PRIVATE_RANGES_ONLY_WITH_STATIC_NAT,
  PROXY_DEFAULT_ROUTE,
  ROUTERS_NOT_COLLECTED,
} from './helpers/variants.js';
import type { FixtureCase } from './helpers/fixture-case.js';

async function internet(input: FixtureCase | string): Promise<Trace> {
  const m = typeof input === 'string' ? await loadPaths([input]) : await loadVariant(input);
  return traceOne(traceSession(m), m.workloads[0]!, INTERNET);
}

const NODE = /^\s+([a-z0-9_]+)(?:\("([^"]*)"\)|\["([^"]*)"\]|\{\{"([^"]*)"\}\})$/;
const EDGE = /^\s+([a-z0-9_]+) (?:-->|--x|-\.-|-\.->)(?:\|"([^"]*)"\|)? ([a-z0-9_]+)$/;
const OTHER = /^(?:flowchart LR|\s+subgraph (t\d+)\["([^"]*)"\]|\s+direction LR|\s+end|\s+classDef [a-z]+ [a-z0-9:#,. -]+|\s+class [a-z0-9_,]+ [a-z]+|\s+linkStyle [0-9,]+ stroke:#[0-9a-f]+)$/;

/** Every line is one the renderer emits; ids defined once; edges and classes name defined ids; labels inert. */
function checkSyntax(text: string): void {
  const defined = new Set<string>();
  const used: string[] = [];
  const labels: string[] = [];
  for (const line of text.trimEnd().split('\n')) {
    const node = NODE.exec(line);
    const edge = EDGE.exec(line);
    const other = OTHER.exec(line);
    expect(node ?? edge ?? other, `unexpected line: ${line}`).toBeTruthy();
    if (node) {
      expect(defined.has(node[1]!), `${node[1]} defined twice`).toBe(false);
      defined.add(node[1]!);
      labels.push(node[2] ?? node[3] ?? node[4]!);
    }
    if (edge) used.push(edge[1]!, edge[3]!);
    if (edge?.[2]) labels.push(edge[2]);
    if (other?.[1]) labels.push(other[2]!);
    if (line.trim().startsWith('class ')) used.push(...line.trim().split(' ')[1]!.split(','));
  }
  for (const id of used) expect(defined.has(id), `${id} used but not defined`).toBe(true);
  for (const l of labels) expect(l.replace(/<br\/>/g, '')).not.toMatch(/["<>`%&]|#(?!\d+;)/);
}

describe('Mermaid', () => {
  it.each([
    ['seed-internet', SEED],
    ['nat-missing', DIRECT_VPC_WITHOUT_NAT],
    ['nat-not-covering', NAT_LISTING_OTHER_SUBNETS],
    ['firewall-deny', DENY_ALL_CONNECTOR_EGRESS],
    ['no-route', DEFAULT_ROUTE_DELETED],
    ['private-ranges-only-bypass', PRIVATE_RANGES_ONLY_WITH_STATIC_NAT],
    ['connector-not-ready', CONNECTOR_IN_ERROR],
    ['vpc-mode-conflict', CONNECTOR_AND_DIRECT_VPC],
    ['nat-bypassed', PROXY_DEFAULT_ROUTE],
    ['undetermined', ROUTERS_NOT_COLLECTED],
  ] as const)('%s', async (name, input) => {
    const text = traceToMermaid(await internet(input));
    checkSyntax(text);
    golden(`mermaid-${name}.mmd`, text);
  });

  it('the working path has a node per hop and nothing styled as an error', async () => {
    const text = traceToMermaid(await internet(SEED));
    expect(text.match(/^ {2}hop\d+[([{]/gm)).toHaveLength(6);
    expect(text).not.toContain('classDef drop');
    expect(text).toContain('Cloud NAT nat-router-europe/nat-europe');
  });

  it('the breaking hop carries the cause and the fix hangs off it', async () => {
    const text = traceToMermaid(await internet(DENY_ALL_CONNECTOR_EGRESS));
    expect(text).toMatch(/hop2\{\{"✗ firewall: VPC firewall rules:<br\/>deny-all-egress \(priority 900\)<br\/>UNREACHABLE \(FIREWALL_RULE\)"\}\}/);
    expect(text).toContain('hop2 -.- fix');
    expect(text).toContain('class hop2 drop');
  });

  it('private-ranges-only draws the bypass as a dashed branch beside the VPC path not taken', async () => {
    const text = traceToMermaid(await internet(PRIVATE_RANGES_ONLY_WITH_STATIC_NAT));
    expect(text).toMatch(/hop0 -\.->\|"public address, private-ranges-only"\| hop1/);
    expect(text).toMatch(/hop0 -\.-\|"not taken"\| skip0/);
    expect(text).toContain('class skip0,skip1 skipped');
  });

  it('a workload with several destinations: one subgraph each, ids prefixed', async () => {
    const m = await loadVariant(DENY_ALL_CONNECTOR_EGRESS);
    const traces = traceAll(m).filter((t) => t.workload === m.workloads[0]!.id);
    const text = tracesToMermaid(traces);
    checkSyntax(text);
    expect(text.match(/subgraph t\d+/g)).toHaveLength(traces.length);
    expect(text).toContain('t3_hop0');
  });

  it('hostile names stay inside their labels', () => {
    const m = build(hostileDocs());
    for (const t of traceAll(m)) {
      const text = traceToMermaid(t);
      checkSyntax(text);
      expect(text).not.toMatch(/<script|<img|%%\{|alert\(1\)"/);
    }
    expect(tracesToMermaid(traceAll(m))).toContain('x#34;]; click x call alert(1)<br/>#37;#37;{init');
  });

  it('escapes each special character as an entity code', () => {
    expect(mermaidText('a"b#c&d<e>f`g%h\ni')).toBe('a#34;b#35;c#38;d#60;e#62;f#96;g#37;h i');
  });
});
