// --format mermaid: a trace as a Mermaid flowchart, as people draw these paths in pull requests.
// Node ids are generated (never from resource names); every label is a quoted string with the characters
// that could end it or mean something to Mermaid, HTML or markdown replaced by Mermaid entity codes.
import type { Trace } from '../engine/types.js';
import { destinationLabel, outcome, pathDiagram, wrap, type Hop, type HopState } from './path-diagram.js';
import { pushTo } from '../lookup.js';

/** Characters a line: hops, and the wider fix note. */
const WIDTH = 40;
const FIX_WIDTH = 64;

const CLASSES: Record<HopState | 'fix', string> = {
  ok: 'fill:#e6f4ea,stroke:#188038,color:#0d652d',
  drop: 'fill:#fce8e6,stroke:#c5221f,color:#a50e0e,stroke-width:3px',
  warn: 'fill:#fef7e0,stroke:#e37400,color:#7a4100,stroke-width:3px',
  unknown: 'fill:#f1f3f4,stroke:#5f6368,color:#3c4043,stroke-dasharray:4 3',
  unreached: 'fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:4 3',
  skipped: 'fill:#f8f9fa,stroke:#bdc1c6,color:#80868b,stroke-dasharray:4 3',
  fix: 'fill:#fff8e1,stroke:#f9ab00,color:#3c4043',
};

/**
 * Mermaid entity codes (#34; for ") for quotes, markup, entities, directives (%%), markdown backticks;
 * the characters inert() escapes (escape.ts: controls, line separators, bidirectional controls) become spaces.
 */
export function mermaidText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/["#&<>`%]/g, (c) => `#${c.charCodeAt(0)};`);
}

const label = (lines: string[], width = WIDTH) => `"${lines.flatMap((l) => wrap(l, width)).map(mermaidText).join('<br/>')}"`;

/** Collects one flowchart's lines, node classes and the indexes of the edges drawn grey. */
class Chart {
  readonly lines: string[] = [];
  readonly classes = new Map<HopState | 'fix', string[]>();
  readonly grey: number[] = [];
  private edges = 0;

  node(id: string, text: string[], cls: HopState | 'fix', shape: 'rect' | 'round' | 'hex', indent: string): void {
    const l = label(text, cls === 'fix' ? FIX_WIDTH : WIDTH);
    this.lines.push(`${indent}${id}${shape === 'round' ? `(${l})` : shape === 'hex' ? `{{${l}}}` : `[${l}]`}`);
    pushTo(this.classes, cls, id);
  }

  edge(text: string, indent: string, grey = false): void {
    if (grey) this.grey.push(this.edges);
    this.edges++;
    this.lines.push(indent + text);
  }

  /** One trace's nodes and edges, ids prefixed. */
  trace(trace: Trace, prefix: string, indent: string): void {
    const d = pathDiagram(trace);
    const id = (i: number) => `${prefix}hop${i}`;
    const shape = (h: Hop, i: number) => (i === 0 || i === d.hops.length - 1 ? 'round' : h.title.endsWith('firewall') ? 'hex' : 'rect');
    d.hops.forEach((h, i) => this.node(id(i), h.lines, h.state, shape(h, i), indent));
    d.notTaken.forEach((h, i) => this.node(`${prefix}skip${i}`, h.lines, h.state, 'rect', indent));
    if (d.fix && d.breaking !== undefined) this.node(`${prefix}fix`, [`fix: ${d.fix}`], 'fix', 'rect', indent);
    d.links.forEach((link, i) => {
      const arrow = link === 'bypass' ? `-.->|${label(['public address, private-ranges-only'])}|` : link === 'blocked' ? '--x' : '-->';
      this.edge(`${id(i)} ${arrow} ${id(i + 1)}`, indent);
    });
    d.notTaken.forEach((_, i) => this.edge(`${i === 0 ? id(0) : `${prefix}skip${i - 1}`} -.-${i === 0 ? `|${label(['not taken'])}|` : ''} ${prefix}skip${i}`, indent, true));
    if (d.fix && d.breaking !== undefined) this.edge(`${id(d.breaking)} -.- ${prefix}fix`, indent);
  }

  render(): string {
    const out = ['flowchart LR', ...this.lines];
    for (const [cls, ids] of this.classes) out.push(`  classDef ${cls} ${CLASSES[cls]}`, `  class ${ids.join(',')} ${cls}`);
    if (this.grey.length) out.push(`  linkStyle ${this.grey.join(',')} stroke:#9aa0a6`);
    return out.join('\n') + '\n';
  }
}

/** One trace as a flowchart: a node per hop, the breaking hop styled as an error with its cause, its fix beside it. */
export function traceToMermaid(trace: Trace): string {
  const chart = new Chart();
  chart.trace(trace, '', '  ');
  return chart.render();
}

/** Several traces (one workload's destinations) as one flowchart, a subgraph each. */
export function tracesToMermaid(traces: readonly Trace[]): string {
  const chart = new Chart();
  traces.forEach((t, i) => {
    chart.lines.push(`  subgraph t${i}[${label([`${destinationLabel(t)}: ${outcome(t)}`])}]`, '    direction LR');
    chart.trace(t, `t${i}_`, '    ');
    chart.lines.push('  end');
  });
  return chart.render();
}
