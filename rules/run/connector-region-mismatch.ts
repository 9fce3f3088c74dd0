import { relativeName, runUpdateCommand, workloadLabel } from '../../src/describe.js';
import { projectOf, regionOf } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { connectorsIn, fieldsKnown } from '../support.js';

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
    for (const w of ctx.model.workloads) {
      if (!w.connector) continue;
      const region = regionOf(w.connector);
      if (region === w.region || !fieldsKnown(ctx, w, ['connector'])) continue;
      const project = projectOf(w.connector)!;
      const local = connectorsIn(ctx.model, project, w.region)[0];
      ctx.report({
        resource: w.id,
        source: w.source,
        message:
          `${workloadLabel(w)} in ${w.region} uses VPC connector "${relativeName(w.connector)}" in ${region}; a connector serves only workloads in its own region; ` +
          `use a connector in ${w.region}: ${runUpdateCommand(w, `--vpc-connector=projects/${project}/locations/${w.region}/connectors/${local?.name ?? 'NAME'}`)}`,
        related: [w.connector],
      });
    }
  },
});
