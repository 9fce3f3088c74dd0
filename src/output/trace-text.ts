// A trace as the arrows people draw: one hop a line, the breaking hop marked ✗ with its cause and fix.
// Plain text; the CLI adds colour by wrapping.
import { formatDestination } from '../engine/destinations.js';
import { describeEntry } from '../load/coverage.js';
import { inert } from './escape.js';
import type { Trace } from '../engine/types.js';
import { renderCommand, type Fix } from '../fix.js';

export function formatTraceText(trace: Trace): string {
  const lines: string[] = [];
  const dest = `${formatDestination(trace.destination)} (${trace.destination.name}${trace.destination.note ? `: ${trace.destination.note}` : ''})`;
  const outcome = `${trace.verdict}${trace.cause ? ` (${trace.cause})` : ''}`;
  trace.steps.forEach((s, i) => {
    const last = i === trace.steps.length - 1;
    const prefix = i === 0 ? '' : '  ➜ ';
    // A drop by the hop just drawn (a firewall rule) marks that hop rather than adding a line.
    if (s.step === 'DROP' && s.resource && s.resource === trace.steps[i - 1]?.resource && i > 1) lines[lines.length - 1] = `  ➜ ✗ ${trace.steps[i - 1]!.detail}  ${outcome}`;
    else if (s.step === 'DROP') lines.push(`${prefix}✗ ${s.detail}  ${outcome}`);
    else if (s.step === 'UNDETERMINED') lines.push(`${prefix}? ${s.detail}  UNDETERMINED`);
    else if (s.step === 'DELIVER' && last) lines.push(`${prefix}${s.detail}  ${outcome}`);
    else lines.push(`${prefix}${s.detail}`);
  });
  lines.push(`  destination: ${dest}`);
  if (trace.egressAddresses?.length) lines.push(`  egress address: ${trace.egressAddresses.join(', ')}`);
  if (trace.missing?.length) lines.push(`  missing: ${trace.missing.map(describeEntry).join('; ')}`);
  for (const c of trace.caveats) lines.push(`  caveat: ${c}`);
  for (const fix of trace.fixes ?? []) {
    lines.push(`  fix: ${fix.summary}`);
    for (const command of fix.commands) lines.push(`    ${renderCommand(command)}`);
  }
  // Each line is built from one hop; names in it are shown inert (no escape sequence, no forged line).
  return lines.map(inert).join('\n') + '\n';
}

export interface TraceJson {
  workload: string;
  destination: Trace['destination'];
  verdict: Trace['verdict'];
  cause?: Trace['cause'];
  fixes?: Fix[];
  steps: { step: string; resource?: string; detail: string }[];
  egressAddresses?: string[];
  missing?: Trace['missing'];
  caveats: string[];
  facts: Trace['facts'];
}

/** A stable JSON shape: key order fixed, absent fields omitted. */
export function traceToJson(trace: Trace): TraceJson {
  return {
    verdict: trace.verdict,
    ...(trace.cause ? { cause: trace.cause } : {}),
    workload: trace.workload,
    destination: trace.destination,
    steps: trace.steps.map((s) => ({ step: s.step, ...(s.resource ? { resource: s.resource } : {}), detail: s.detail })),
    ...(trace.egressAddresses ? { egressAddresses: trace.egressAddresses } : {}),
    ...(trace.missing ? { missing: trace.missing } : {}),
    caveats: trace.caveats,
    ...(trace.fixes ? { fixes: trace.fixes } : {}),
    facts: trace.facts,
  };
}
