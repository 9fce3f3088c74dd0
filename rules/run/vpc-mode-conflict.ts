import { relativeName, workloadLabel } from '../../src/describe.js';
import { vpcModeFixes } from '../../src/fix.js';
import type { NetworkInterface } from '../../src/model.js';
import { shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { flagOf } from '../../src/deploy/commands.js';
import { definingCommand, fieldsKnown, fixesText, flagSource } from '../support.js';

function describeInterface(ni: NetworkInterface): string {
  const parts = [ni.network && `network "${shortName(ni.network)}"`, ni.subnetwork && `subnet "${shortName(ni.subnetwork)}"`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export default defineRule({
  meta: {
    id: 'run/vpc-mode-conflict',
    severity: 'error',
    short: 'A Cloud Run workload sets both a VPC connector and Direct VPC network interfaces.',
    description:
      'Cloud Run sends VPC egress either through a Serverless VPC Access connector or through Direct VPC egress network interfaces, never both. ' +
      'The API rejects a template that sets both ("one and only one of connector and network_interfaces must be set"), and gcloud does not catch it ' +
      'client-side, so the deploy fails (or a hand-edited manifest never applies). A gcloud command in a deploy script that sets both ' +
      '(--vpc-connector with --network or --subnet) is reported here, at the command, as the workload it would leave behind.',
    requires: ['jobs', 'services'],
  },
  check(ctx) {
    for (const w of ctx.model.workloads) {
      if (!w.connector || w.networkInterfaces.length === 0) continue;
      if (!fieldsKnown(ctx, w, ['connector', 'networkInterfaces'])) continue;
      const ni = w.networkInterfaces[0]!;
      const script = definingCommand(ctx.model, w);
      const fixes = vpcModeFixes(w, script);
      ctx.report({
        resource: w.id,
        // In a script, at the Direct VPC flag that conflicts with --vpc-connector.
        source: script && !flagOf(script, 'network') ? flagSource(ctx.model, w, 'subnet') : flagSource(ctx.model, w, 'network'),
        message:
          `${workloadLabel(w)} sets both VPC connector "${relativeName(w.connector)}" and a Direct VPC network interface${describeInterface(ni)}; ` +
          `the API rejects this ("one and only one of connector and network_interfaces must be set"); ${fixesText(fixes)}`,
        related: [w.connector, ...w.networkInterfaces.flatMap((n) => [n.network, n.subnetwork].filter((x): x is string => !!x))],
        fixes,
      });
    }
  },
});
