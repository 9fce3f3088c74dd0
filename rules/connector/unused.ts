import { commandAt, connectorCommand, type Fix } from '../../src/fix.js';
import type { Workload } from '../../src/model.js';
import { projectOf, regionOf } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { definingCommand, fixesText } from '../support.js';

// An unused connector still runs (and bills) its instances: it does not scale back down
// (https://docs.cloud.google.com/appengine/docs/standard/connecting-vpc). Workloads are detached before a delete.
export default defineRule({
  meta: {
    id: 'connector/unused',
    severity: 'note',
    short: 'No Cloud Run job or service in the input uses this connector.',
    description:
      'The connector is not referenced by any job or service of its project and region in the input. Its instances still run: a connector does not scale back down. Connectors can also serve workloads in other projects, so this is a note.',
    requires: ['services', 'jobs'],
  },
  check(ctx) {
    const used = new Set(ctx.model.workloads.map((w) => w.connector).filter((c) => c !== undefined));
    // A workload whose connector is known only at deploy ($VAR, after apply) may use any connector of its region.
    // The first such workload of each region (looked up per connector, not searched for each).
    const undecided = new Map<string, Workload>();
    for (const w of ctx.model.workloads) if (w.unknownFields?.includes('connector') && !undecided.has(w.region)) undecided.set(w.region, w);
    // The first workload of each project and region that may be meant to use an unused connector there, as the fixes of the
    // run/* rules point it at one: an egress setting without a connector or Direct VPC (run/egress-without-vpc), or a
    // connector reference that names no connector of its region (run/connector-not-found, run/connector-region-mismatch).
    const known = new Set(ctx.model.connectors.map((c) => c.id));
    const wantsVpc = new Map<string, Workload>();
    const want = (project: string, w: Workload) => {
      if (!wantsVpc.has(`${project}|${w.region}`)) wantsVpc.set(`${project}|${w.region}`, w);
    };
    for (const w of ctx.model.workloads) {
      if (w.connector ? known.has(w.connector) && regionOf(w.connector) === w.region : w.egress === undefined || w.networkInterfaces.length > 0) continue;
      want(w.project, w);
      if (w.connector) want(projectOf(w.connector)!, w);
    }
    for (const c of ctx.model.connectors) {
      if (used.has(c.id)) continue;
      const maybe = undecided.get(c.region);
      if (maybe) {
        ctx.notEvaluated(c.id, `${maybe.kind} "${maybe.name}" may use it: its connector is not known until deploy`);
        continue;
      }
      const needed = [
        { collection: 'services' as const, project: c.project, region: c.region },
        { collection: 'jobs' as const, project: c.project, region: c.region },
      ];
      if (!ctx.need(c.id, needed, 'connector use')) continue;
      const script = definingCommand(ctx.model, c);
      const wanting = wantsVpc.get(`${c.project}|${c.region}`);
      const unless = wanting
        ? `${describeWorkload(wanting)} of its region ${wanting.connector ? 'names no connector there that exists' : 'sets VPC egress without a VPC'} and may be meant to use it; otherwise, `
        : '';
      const fixes: Fix[] = [
        script
          ? { summary: `${unless}if nothing else will use it, drop the command that creates it (${commandAt(script)})`, commands: [] }
          : { summary: `${unless}if nothing else uses it (a connector can serve workloads of other projects), delete it`, commands: [connectorCommand('delete', c.id)] },
      ];
      ctx.report({
        resource: c.id,
        source: c.source,
        message: `connector "${c.name}" in "${c.region}" is not used by any Cloud Run job or service of project "${c.project}"; ${fixesText(fixes)}`,
        fixes,
      });
    }
  },
});
