// A trace as a picture: the hops of the path taken, the breaking hop, and under private-ranges-only the
// VPC path not taken. Mermaid (mermaid.ts) and the HTML report's SVG (html.ts) both draw this; the hop
// wording is the trace text's (trace-text.ts).
import { formatDestination } from '../engine/destinations.js';
import type { StepKind, Trace } from '../engine/types.js';
import { describeEntry } from '../load/coverage.js';
import { shortName } from '../names.js';
import { fixText } from '../fix.js';

/** ok: on the path; drop: the packet stops here; warn: AMBIGUOUS; unknown: UNDETERMINED; unreached: after the stop; skipped: not taken. */
export type HopState = 'ok' | 'drop' | 'warn' | 'unknown' | 'unreached' | 'skipped';

export interface Hop {
  /** What the hop is ("connector", "Cloud NAT"); the SVG's header. */
  title: string;
  /** The hop's text, one entry a line (each may be wrapped further). */
  lines: string[];
  state: HopState;
}

/** How hops[i] joins hops[i + 1]: normal, the serverless-egress bypass (dashed), or blocked by the previous hop. */
export type Link = 'path' | 'bypass' | 'blocked';

export interface PathDiagram {
  /** The path taken, workload first, destination last. */
  hops: Hop[];
  /** links[i] joins hops[i] and hops[i + 1]. */
  links: Link[];
  /** Private-ranges-only to a public address: the VPC path not taken, branching from the workload. */
  notTaken: Hop[];
  /** Index in hops of the hop that breaks the path (drop, undetermined, or the hop an AMBIGUOUS cause is about). */
  breaking?: number;
  fix?: string;
}

const TITLES: Record<StepKind, string> = {
  START_FROM_CLOUD_RUN_JOB: 'Cloud Run job',
  START_FROM_CLOUD_RUN_REVISION: 'Cloud Run',
  ARRIVE_AT_VPC_CONNECTOR: 'connector',
  DIRECT_VPC_EGRESS_CONNECTION: 'Direct VPC subnet',
  SERVERLESS_EXTERNAL_CONNECTION: 'serverless egress',
  APPLY_EGRESS_FIREWALL_RULE: 'egress firewall',
  APPLY_INGRESS_FIREWALL_RULE: 'ingress firewall',
  APPLY_ROUTE: 'route',
  NAT: 'Cloud NAT',
  DELIVER: 'destination',
  DROP: 'dropped',
  UNDETERMINED: 'undetermined',
};

export function outcome(trace: Trace): string {
  return `${trace.verdict}${trace.cause ? ` (${trace.cause})` : ''}`;
}

/** "140.82.112.3:443/tcp (internet: github.com)", as the trace text's destination line. */
export function destinationLabel(trace: Trace): string {
  const d = trace.destination;
  return `${formatDestination(d)} (${d.name}${d.note ? `: ${d.note}` : ''})`;
}

const egressLine = (trace: Trace) => `egress address: ${trace.egressAddresses!.map((a) => (a.startsWith('//') ? shortName(a) : a)).join(', ')}`;

export function pathDiagram(trace: Trace): PathDiagram {
  const diagram: PathDiagram = { hops: [], links: [], notTaken: [], ...(trace.fixes?.length ? { fix: trace.fixes.map(fixText).join('\n') } : {}) };
  const { hops, links } = diagram;
  const add = (hop: Hop, link: Link = 'path') => {
    if (hops.length > 0) links.push(link);
    hops.push(hop);
  };
  const external = trace.steps.findIndex((s) => s.step === 'SERVERLESS_EXTERNAL_CONNECTION');
  let deliver: string | undefined;
  trace.steps.forEach((s, i) => {
    const title = TITLES[s.step];
    // A drop by the hop just drawn (a firewall rule) marks that hop rather than adding one, as in the text.
    if (s.step === 'DROP' && s.resource && s.resource === trace.steps[i - 1]?.resource && i > 1) {
      const last = hops[hops.length - 1]!;
      Object.assign(last, { lines: [`✗ ${last.lines[0]}`, outcome(trace)], state: trace.verdict === 'AMBIGUOUS' ? 'warn' : 'drop' });
    } else if (s.step === 'DROP') add({ title, lines: [`✗ ${s.detail}`, outcome(trace)], state: trace.verdict === 'AMBIGUOUS' ? 'warn' : 'drop' });
    else if (s.step === 'UNDETERMINED')
      add({ title, lines: [`? ${s.detail}`, ...(trace.missing?.length ? [`missing: ${trace.missing.map(describeEntry).join('; ')}`] : [])], state: 'unknown' });
    else if (s.step === 'DELIVER') deliver = s.detail;
    else if (external > 0 && i > 0 && i < external) diagram.notTaken.push({ title, lines: [s.detail], state: 'skipped' });
    else if (s.step === 'SERVERLESS_EXTERNAL_CONNECTION')
      add({ title, lines: [s.detail, ...(trace.egressAddresses ? [egressLine(trace)] : [])], state: 'ok' }, diagram.notTaken.length ? 'bypass' : 'path');
    else add({ title, lines: [s.detail, ...(s.step === 'NAT' && trace.egressAddresses ? [egressLine(trace)] : [])], state: 'ok' });
  });
  if (diagram.notTaken.length)
    diagram.notTaken.push({ title: 'VPC', lines: ['not taken: VPC firewall, routes and Cloud NAT see only private destinations under private-ranges-only'], state: 'skipped' });

  const stopped = hops.findIndex((h) => h.state !== 'ok');
  const d = trace.destination;
  const where = deliver === undefined ? [formatDestination(d)] : deliver.includes(d.ip) ? [deliver] : [deliver, formatDestination(d)];
  const destLines = [...where, `(${d.name}${d.note ? `: ${d.note}` : ''})`];
  if (stopped >= 0) {
    add({ title: 'destination', lines: [...destLines, trace.verdict === 'UNDETERMINED' ? 'not evaluated' : 'not reached'], state: 'unreached' }, 'blocked');
    diagram.breaking = stopped;
    return diagram;
  }
  add({ title: 'destination', lines: [...destLines, outcome(trace)], state: trace.verdict === 'REACHABLE' ? 'ok' : 'warn' });
  if (trace.verdict !== 'REACHABLE') {
    // An AMBIGUOUS path without a drop: a route to a non-gateway next hop is about the route; anything else about the end.
    const route = trace.cause === 'ROUTE_NEXT_HOP_NOT_INTERNET_GATEWAY' ? hops.map((h) => h.title).lastIndexOf('route') : -1;
    diagram.breaking = route >= 0 ? route : hops.length - 1;
    hops[diagram.breaking]!.state = 'warn';
  }
  return diagram;
}

/** Breaks text into lines of at most width characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
