import { describeWorkload, relativeName, workloadLabel } from '../../src/describe.js';
import { connectorRef, workloadFix, type Fix } from '../../src/fix.js';
import { projectOf, regionOf } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { connectorsIn, createConnectorThen, definingCommand, fieldsKnown, fixesText, flagSource, pickConnector } from '../support.js';

export default defineRule({
  meta: {
    id: 'run/connector-not-found',
    severity: 'error',
    short: 'A Cloud Run workload references a VPC connector that does not exist.',
    description:
      'The connector a workload names (a bare name in its own project and region, or projects/P/locations/R/connectors/C, e.g. a Shared VPC host-project ' +
      'connector) is not among the connectors the input lists for that project and region. A deploy with a missing connector fails, and a connector deleted ' +
      'after deploy leaves the workload without VPC egress. The rule runs only when the connectors of the named project and region are in the input: ' +
      'connectors that were not collected are unknown, not absent. A connector named in another region than the workload\'s is left to ' +
      'run/connector-region-mismatch.',
    requires: ['connectors'],
  },
  check(ctx) {
    const { model } = ctx;
    const known = new Set(model.connectors.map((c) => c.id));
    for (const w of model.workloads) {
      if (!w.connector || known.has(w.connector)) continue;
      // A connector named in another region is the wrong one whether it exists or not: run/connector-region-mismatch reports it.
      if (regionOf(w.connector) !== w.region) continue;
      // A bare connector name resolves in the workload's project and region: a script that leaves them to gcloud leaves it unknown.
      if (!fieldsKnown(ctx, w, ['connector', 'project', 'region'])) continue;
      const project = projectOf(w.connector)!;
      const region = regionOf(w.connector)!;
      if (!ctx.need(w.id, [{ collection: 'connectors', project, region }], `cannot tell whether connector "${relativeName(w.connector)}" exists`)) continue;
      const there = connectorsIn(model, project, region).map((c) => `"${c.name}"`);
      const fixes: Fix[] = [];
      // A connector that exists there (a typo, a renamed connector), then the named one created: it needs no change to the workload.
      const pick = pickConnector(model, project, region);
      if (pick) fixes.push(workloadFix(`use connector "${pick.connector.name}", ${pick.why}`, w, { set: { 'vpc-connector': connectorRef(pick.connector.id) } }, definingCommand(model, w)));
      const create = createConnectorThen(model, w.connector);
      fixes.push(create.commands.length ? { ...create, summary: `${create.summary}, the name ${describeWorkload(w)} uses` } : create);
      ctx.report({
        resource: w.id,
        source: flagSource(model, w, 'vpc-connector'),
        message:
          `${workloadLabel(w)} uses VPC connector "${relativeName(w.connector)}", which is not among the connectors of project "${project}" in ${region} ` +
          `(found: ${there.length ? there.join(', ') : 'none'}); ${fixesText(fixes)}`,
        fixes,
      });
    }
  },
});
