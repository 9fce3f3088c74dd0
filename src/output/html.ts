// -o html=FILE: one self-contained page for people. A summary, the findings with filters by severity and
// rule, and per workload each traced path drawn as inline SVG (laid out here, no diagram library), the
// breaking hop marked and its fix beside it. No network access when opened: the CSS and the small filter
// script are inline and the Content-Security-Policy allows exactly them (by hash) and nothing else.
import { createHash } from 'node:crypto';
import type { Trace } from '../engine/types.js';
import { describeEntry } from '../load/coverage.js';
import { SEVERITIES, type Severity } from '../rule.js';
import { destinationLabel, outcome, pathDiagram, wrap, type Hop, type PathDiagram } from './path-diagram.js';
import type { Report } from './report.js';
import { inert } from './escape.js';
import { describeResource } from './text.js';
import { pushTo } from '../lookup.js';
import { renderCommand } from '../fix.js';

/** Text for HTML element content and quoted attribute values; control characters shown escaped. */
function esc(text: string): string {
  return inert(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
:root{--ink:#202124;--muted:#5f6368;--line:#dadce0;--bg:#f8f9fa;--error:#c5221f;--warning:#b06000;--note:#1967d2;--ok:#188038}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1280px;margin:0 auto;padding:24px 32px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px}h3{font-size:15px;margin:0 0 12px}
.muted{color:var(--muted)}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:16px}
.card{background:#fff;border:1px solid var(--line);border-left-width:4px;border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:24px;line-height:1.2}
.card.error{border-left-color:var(--error)}.card.warning{border-left-color:var(--warning)}.card.note{border-left-color:var(--note)}.card.gap{border-left-color:var(--muted)}
.filters{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
.filters label{cursor:pointer}select{font:inherit;padding:2px 6px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid var(--line)}
th{background:#f1f3f4;font-weight:600;font-size:13px}
td.msg{max-width:560px}td code,.rule{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.sev{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.note{background:var(--note)}
ul.caveats{margin:4px 0 0;padding-left:18px;color:var(--muted);font-size:12px}
.workload{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:16px}
figure{margin:0 0 16px;padding-top:12px;border-top:1px solid var(--line)}
figure:first-of-type{border-top:0;padding-top:0}
figcaption{font-weight:600;margin-bottom:8px}
.verdict{font-size:12px;font-weight:600;border-radius:10px;padding:1px 8px;margin-left:6px;color:#fff}
.verdict.REACHABLE{background:var(--ok)}.verdict.UNREACHABLE{background:var(--error)}.verdict.AMBIGUOUS{background:var(--warning)}.verdict.UNDETERMINED{background:var(--muted)}
.path{display:flex;gap:20px;align-items:flex-start;flex-wrap:wrap}
.diagram{overflow-x:auto;max-width:100%}
.diagram svg{max-width:100%;height:auto}
.fix{flex:1 1 320px;border-left:4px solid var(--error);background:#fce8e6;border-radius:4px;padding:8px 12px}
.fix.AMBIGUOUS,.fix.UNDETERMINED{border-left-color:var(--warning);background:#fef7e0}
.fix pre{white-space:pre-wrap;word-break:break-all;margin:4px 0 0;font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.facts{font-size:12px;color:var(--muted);margin:6px 0 0}
svg .n rect{stroke-width:1.5}
svg .ok rect{fill:#e6f4ea;stroke:#188038}svg .drop rect{fill:#fce8e6;stroke:#c5221f;stroke-width:3}
svg .warn rect{fill:#fef7e0;stroke:#e37400;stroke-width:3}svg .unknown rect{fill:#f1f3f4;stroke:#5f6368;stroke-dasharray:5 3}
svg .unreached rect{fill:#fff;stroke:#9aa0a6;stroke-dasharray:5 3}svg .skipped rect{fill:#f8f9fa;stroke:#bdc1c6;stroke-dasharray:5 3}
svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#202124}
svg .unreached text,svg .skipped text{fill:#80868b}
svg text.t{font-size:10px;font-weight:700;letter-spacing:.06em;fill:#5f6368}
svg .drop text.t{fill:#c5221f}svg .warn text.t{fill:#b06000}
svg .e{stroke:#5f6368;stroke-width:1.5;fill:none}svg .e.bypass{stroke:#1967d2;stroke-dasharray:6 4}
svg .e.blocked{stroke:#c5221f}svg .e.skip{stroke:#bdc1c6;stroke-dasharray:4 4}
svg .h{fill:#5f6368}svg .h.bypass{fill:#1967d2}svg .x{stroke:#c5221f;stroke-width:2.5}
svg text.el{font-size:11px;fill:#80868b}
svg circle.m{fill:#c5221f}svg .warn circle.m{fill:#e37400}svg .unknown circle.m{fill:#5f6368}
svg text.m{fill:#fff;font-weight:700;text-anchor:middle}
`;

const SCRIPT = `
const boxes = [...document.querySelectorAll('input[name=severity]')];
const rule = document.getElementById('rule');
const rows = [...document.querySelectorAll('#findings tbody tr')];
const shown = document.getElementById('shown');
function apply() {
  const on = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
  let n = 0;
  for (const r of rows) {
    r.hidden = !on.has(r.dataset.severity) || (rule.value !== '' && r.dataset.rule !== rule.value);
    if (!r.hidden) n++;
  }
  shown.textContent = n + ' of ' + rows.length + ' findings shown';
}
for (const c of [...boxes, rule]) c.addEventListener('change', apply);
apply();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// The SVG layout: hops left to right in one row, the VPC path not taken (if any) in a row below.
const NODE_W = 168;
const GAP = 30;
const MARGIN = 8;
const CHARS = 22; // at 11px, the widest common sans fonts fit 22 characters in a node
const LINE_H = 15;
const TOP = 22; // header line inside a node
const ROW_GAP = 40;

interface Box {
  hop: Hop;
  x: number;
  y: number;
  h: number;
  text: string[];
}

const nodeHeight = (text: string[]) => TOP + text.length * LINE_H + 10;

function layoutRow(hops: Hop[], firstColumn: number, y: number): Box[] {
  const texts = hops.map((h) => h.lines.flatMap((l) => wrap(l, CHARS)));
  const h = Math.max(0, ...texts.map(nodeHeight));
  return hops.map((hop, i) => ({ hop, x: MARGIN + (firstColumn + i) * (NODE_W + GAP), y, h, text: texts[i]! }));
}

function nodeSvg(b: Box, breaking: boolean): string {
  const lines = b.text.map((t, i) => `<text x="${b.x + 10}" y="${b.y + TOP + 12 + i * LINE_H}">${esc(t)}</text>`).join('');
  const glyph = b.hop.state === 'drop' ? '✗' : b.hop.state === 'unknown' ? '?' : '!';
  const mark = breaking
    ? `<circle class="m" cx="${b.x + NODE_W - 14}" cy="${b.y + 13}" r="9"/><text class="m" x="${b.x + NODE_W - 14}" y="${b.y + 17}">${glyph}</text>`
    : '';
  return (
    `<g class="n ${b.hop.state}"><rect x="${b.x}" y="${b.y}" width="${NODE_W}" height="${b.h}" rx="8"/>` +
    `<text class="t" x="${b.x + 10}" y="${b.y + 16}">${esc(b.hop.title.toUpperCase())}</text>${lines}${mark}</g>`
  );
}

const arrowHead = (x: number, y: number, cls: string) => `<path class="h ${cls}" d="M${x} ${y}l-8 -4.5v9z"/>`;

function edgeSvg(a: Box, b: Box, link: PathDiagram['links'][number]): string {
  const y = a.y + a.h / 2;
  const x1 = a.x + NODE_W;
  const x2 = b.x;
  if (link === 'blocked') {
    const mx = (x1 + x2) / 2;
    return `<path class="e blocked" d="M${x1} ${y}H${x2}"/><path class="x" d="M${mx - 6} ${y - 6}l12 12m0 -12l-12 12"/>`;
  }
  return `<path class="e ${link}" d="M${x1} ${y}H${x2 - 8}"/>${arrowHead(x2, y, link)}`;
}

/** One trace drawn as SVG. */
function pathSvg(trace: Trace): string {
  const d = pathDiagram(trace);
  const row = layoutRow(d.hops, 0, MARGIN);
  const rowH = row[0]!.h;
  const below = layoutRow(d.notTaken, 1, MARGIN + rowH + ROW_GAP);
  const parts: string[] = [];
  d.links.forEach((link, i) => parts.push(edgeSvg(row[i]!, row[i + 1]!, link)));
  if (below.length) {
    const x = row[0]!.x + NODE_W / 2;
    const y = below[0]!.y + below[0]!.h / 2;
    parts.push(`<path class="e skip" d="M${x} ${MARGIN + rowH}V${y}H${below[0]!.x}"/>`);
    parts.push(`<text class="el" x="${x + 6}" y="${MARGIN + rowH + 16}">not taken</text>`);
    for (let i = 1; i < below.length; i++) parts.push(`<path class="e skip" d="M${below[i - 1]!.x + NODE_W} ${y}H${below[i]!.x}"/>`);
  }
  row.forEach((b, i) => parts.push(nodeSvg(b, i === d.breaking)));
  below.forEach((b) => parts.push(nodeSvg(b, false)));
  const columns = Math.max(row.length, below.length + 1);
  const width = 2 * MARGIN + columns * NODE_W + (columns - 1) * GAP;
  const height = 2 * MARGIN + rowH + (below.length ? ROW_GAP + below[0]!.h : 0);
  const title = `${describeResource(trace.workload)} to ${destinationLabel(trace)}: ${outcome(trace)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

function pathFigure(trace: Trace, id: number): string {
  const d = pathDiagram(trace);
  const stop = d.breaking === undefined ? undefined : d.hops[d.breaking]!;
  // An AMBIGUOUS end without a fix is explained by the caveats below the diagram.
  const aside =
    stop && (trace.fixes?.length || stop.state !== 'warn')
      ? `<div class="fix ${trace.verdict}"><b>${esc(stop.title)}:</b> ${esc([...stop.lines.filter((l) => l !== outcome(trace)), outcome(trace)].join(' — '))}` +
        (trace.fixes ?? []).map((f) => `<div>fix: ${esc(f.summary)}</div>` + (f.commands.length ? `<pre><code>${esc(f.commands.map(renderCommand).join('\n'))}</code></pre>` : '')).join('') +
        '</div>'
      : '';
  const facts = [
    trace.egressAddresses?.length ? `egress address: ${trace.egressAddresses.join(', ')}` : '',
    trace.missing?.length ? `missing: ${trace.missing.map(describeEntry).join('; ')}` : '',
  ].filter(Boolean);
  const caveats = trace.caveats.length ? `<ul class="caveats">${trace.caveats.map((c) => `<li>caveat: ${esc(c)}</li>`).join('')}</ul>` : '';
  return (
    `<figure id="path-${id}"><figcaption>to ${esc(trace.destination.name)} <span class="muted">${esc(destinationLabel(trace))}</span>` +
    `<span class="verdict ${trace.verdict}">${esc(outcome(trace))}</span></figcaption>` +
    `<div class="path"><div class="diagram">${pathSvg(trace)}</div>${aside}</div>` +
    facts.map((f) => `<p class="facts">${esc(f)}</p>`).join('') +
    caveats +
    '</figure>'
  );
}

function findingsSection(report: Report, traces: readonly Trace[]): string {
  if (report.findings.length === 0) return '<section id="findings"><h2>Findings</h2><p>No findings.</p></section>';
  const rules = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const pathOf = (t: Trace | undefined) => (t ? traces.findIndex((x) => x.workload === t.workload && x.destination.name === t.destination.name) : -1);
  const rows = report.findings.map((f) => {
    const path = pathOf(f.trace);
    const caveats = f.caveats?.length ? `<ul class="caveats">${f.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : '';
    return (
      `<tr data-severity="${esc(f.severity)}" data-rule="${esc(f.ruleId)}"><td><span class="sev ${esc(f.severity)}">${esc(f.severity)}</span></td>` +
      `<td class="rule">${esc(f.ruleId)}</td><td>${esc(describeResource(f.resource))}${f.destination ? `<div class="muted">to ${esc(f.destination)}</div>` : ''}</td>` +
      `<td class="msg">${esc(f.message)}${caveats}${path >= 0 ? ` <a href="#path-${path}">path</a>` : ''}</td>` +
      `<td>${f.location ? `<code>${esc(`${f.location.file}:${f.location.line}`)}</code>` : ''}</td></tr>`
    );
  });
  const { errors, warnings, notes } = report.summary;
  const count: Record<Severity, number> = { error: errors, warning: warnings, note: notes };
  const boxes = SEVERITIES.map((s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${s} (${count[s]})</label>`).join('');
  const select = `<label>rule <select id="rule"><option value="">all rules</option>${rules.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('')}</select></label>`;
  return (
    `<section id="findings"><h2>Findings</h2><div class="filters">${boxes}${select}<span id="shown" class="muted"></span></div>` +
    `<table><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Message</th><th>Location</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function gapsSection(report: Report): string {
  const items = [
    ...report.notEvaluated.map((n) => `${n.resource ? `${describeResource(n.resource)}: ` : ''}${n.reason} [${n.ruleId}]`),
    ...report.coverage.failures.map((f) => `could not be collected: ${describeEntry(f)}: ${f.reason}${f.fix ? ` — fix: ${f.fix}` : ''}`),
    ...report.loadNotes.map((n) => `note: ${n}`),
  ];
  return items.length ? `<section id="gaps"><h2>Not evaluated</h2><ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul></section>` : '';
}

function pathsSection(traces: readonly Trace[]): string {
  const groups = new Map<string, number[]>();
  traces.forEach((t, i) => pushTo(groups, t.workload, i));
  const verdicts = ['REACHABLE', 'UNREACHABLE', 'AMBIGUOUS', 'UNDETERMINED']
    .map((v) => [v, traces.filter((t) => t.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v.toLowerCase()}`)
    .join(', ');
  const sections = [...groups].map(
    ([workload, ids]) => `<section class="workload"><h3>${esc(describeResource(workload))}</h3>${ids.map((i) => pathFigure(traces[i]!, i)).join('')}</section>`,
  );
  return `<section id="paths"><h2>Paths</h2><p class="muted">${traces.length} traced${verdicts ? `: ${verdicts}` : ''}</p>${sections.join('')}</section>`;
}

/** The whole report as one HTML page; traces are those of the same evaluation (traceAll). */
export function formatHtml(report: Report, traces: readonly Trace[]): string {
  const s = report.summary;
  const card = (cls: string, n: number, label: string) => `<div class="card ${cls}"><b>${n}</b>${label}</div>`;
  const script = report.findings.length ? `<script>${SCRIPT}</script>` : '';
  const csp = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>egress-lint report</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>egress-lint report</h1><p class="muted">${s.workloads} workload${s.workloads === 1 ? '' : 's'}, ${s.resources} resource${s.resources === 1 ? '' : 's'} checked</p>
<div class="cards">${card('error', s.errors, 'errors')}${card('warning', s.warnings, 'warnings')}${card('note', s.notes, 'notes')}${card('gap', s.notEvaluated, 'not evaluated')}</div></header>
${findingsSection(report, traces)}
${gapsSection(report)}
${pathsSection(traces)}
</main>
${script}
</body>
</html>
`;
}
