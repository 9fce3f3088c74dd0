// Shared by the path rules: select traces, turn UNDETERMINED ones into "not evaluated", find the workload.
import type { Trace } from '../src/engine/types.js';
import { formatDestination } from '../src/engine/destinations.js';
import { describeEntry } from '../src/load/coverage.js';
import type { Model, Workload } from '../src/model.js';
import type { RuleContext } from '../src/rule.js';
import { byId } from '../src/lookup.js';

/**
 * Traces that pass the filter; UNDETERMINED ones are recorded as "not evaluated" and left out.
 * An UNDETERMINED trace stopped before it learnt the facts a filter may read (entersVpc, connector), so
 * `undecided` says which of them the rule would have needed; without it a missing collection made the
 * rule silent (found by test/unknown-vs-empty.test.ts). It defaults to the filter, for filters on
 * what every trace knows (destination, egress mode).
 */
export function decidedTraces(ctx: RuleContext, filter: (t: Trace) => boolean, undecided = filter): Trace[] {
  const out: Trace[] = [];
  for (const t of ctx.traces) {
    if (t.verdict !== 'UNDETERMINED') {
      if (filter(t)) out.push(t);
    } else if (undecided(t))
      ctx.notEvaluated(
        t.workload,
        t.missing?.length
          ? `path to ${t.destination.name} not traced: the input has no ${t.missing.map(describeEntry).join(', ')}`
          : `path to ${t.destination.name} not traced: ${t.steps[t.steps.length - 1]!.detail}`,
        t.missing,
      );
  }
  return out;
}

export function workloadOf(model: Model, t: Trace): Workload {
  return byId(model.workloads, t.workload)!;
}

/** 'internet (140.82.112.3:443/tcp)' */
export function describeDestination(t: Trace): string {
  return `${t.destination.name} (${formatDestination(t.destination)})`;
}

const isWorkloadTrace = (t: Trace) => t.destination.kind !== 'control-plane';

/**
 * Decided workload traces whose packet entered the VPC: what the rules on in-VPC hops (firewall,
 * route, Cloud NAT) read. An UNDETERMINED workload trace may have stopped before it knew whether the
 * packet would enter, so each is "not evaluated". `select` narrows both to some workload traces
 * (by destination, say); it must leave out control-plane traces, as the default does.
 */
export function tracesIntoVpc(ctx: RuleContext, select: (t: Trace) => boolean = isWorkloadTrace): Trace[] {
  return decidedTraces(ctx, (t) => select(t) && t.facts.entersVpc, select);
}
