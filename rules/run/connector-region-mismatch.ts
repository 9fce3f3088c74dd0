import { relativeName, workloadLabel } from '../../src/describe.js';
import { connectorRef, workloadFix, type Fix } from '../../src/fix.js';
import { byId } from '../../src/lookup.js';
import { projectOf, regionOf, shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { createConnectorThen, definingCommand, fieldsKnown, fixesText, flagSource, networkOf, newConnectorId, pickConnector } from '../support.js';

export default defineRule({
  meta: {
    id: 'run/connector-region-mismatch',
    severity: 'error',
    short: "A Cloud Run workload references a VPC connector in another region than its own.",
    description:
      "A Serverless VPC Access connector serves only Cloud Run resources in its own region. The region is part of the connector's name " +
      '(projects/P/locations/REGION/connectors/C), so the rule reads it from the reference itself and needs no connector data: a workload in one region ' +
      'that names a connector in another cannot use it.',
    requires: ['jobs', 'services'],
  },
  check(ctx) {
    const { model } = ctx;
    for (const w of model.workloads) {
      if (!w.connector) continue;
      const region = regionOf(w.connector);
      if (region === w.region || !fieldsKnown(ctx, w, ['connector', 'region'])) continue;
      const project = projectOf(w.connector)!;
      const script = definingCommand(model, w);
      const point = (summary: string, connector: string) => workloadFix(summary, w, { set: { 'vpc-connector': connectorRef(connector) } }, script);
      // A connector in the workload's region of the referenced connector's project, else of the workload's own project, else
      // of the Shared VPC host whose subnet the old connector used; else a new one on the old connector's network (networks
      // are global), sized like it.
      const old = byId(model.connectors, w.connector);
      const projects = [...new Set([project, w.project, ...(old?.subnet ? [projectOf(old.subnet)!] : [])])];
      const pick = projects.map((p) => pickConnector(model, p, w.region)).find((p) => p !== undefined);
      let fix: Fix;
      if (pick) fix = point(`use connector "${pick.connector.name}", ${pick.why}`, pick.connector.id);
      else {
        // Its network: the old connector's, its subnet's, or the only network of its subnet's project (a Shared VPC host).
        const hostNetwork = old?.subnet ? networkOf(model, projectOf(old.subnet)!) : undefined;
        const network = old?.network ?? byId(model.subnetworks, old?.subnet)?.network ?? (hostNetwork && 'network' in hostNetwork ? hostNetwork.network : undefined);
        const id = newConnectorId(model, project, w.region, shortName(w.connector));
        fix = createConnectorThen(model, id, point('use it', id), network, old);
      }
      ctx.report({
        resource: w.id,
        source: flagSource(model, w, 'vpc-connector'),
        message:
          `${workloadLabel(w)} in ${w.region} uses VPC connector "${relativeName(w.connector)}" in ${region}; a connector serves only workloads in its own region; ` +
          fixesText([fix]),
        related: [w.connector],
        fixes: [fix],
      });
    }
  },
});
