import { connectorCommand, relativeName } from '../../src/describe.js';
import { AUTO_MODE_RANGE, cidrOf, overlaps } from '../../src/ip.js';
import { projectOf, regionOf, shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { fieldsKnown } from '../support.js';
import { byId } from '../../src/lookup.js';

export default defineRule({
  meta: {
    id: 'connector/range-invalid',
    severity: 'error',
    short: 'A VPC connector range or subnet is not exactly /28, or its range overlaps 10.128.0.0/9 in an auto-mode network.',
    description:
      'A Serverless VPC Access connector needs exactly a /28: either the --range it was created with, or the existing subnet given with --subnet. ' +
      'A larger or smaller range or subnet is refused. In an auto-mode network, a --range that overlaps 10.128.0.0/9 (the range auto-mode subnets ' +
      'are carved from) is refused too ("networks cannot overlap with 10.128.0.0/9").',
    requires: ['connectors', 'subnetworks', 'networks'],
  },
  check(ctx) {
    const { model } = ctx;
    for (const c of model.connectors) {
      if (!fieldsKnown(ctx, c, ['ipCidrRange'])) continue;
      const name = relativeName(c.id);
      const recreate = (flags: string) =>
        `delete the connector and create it again: ${connectorCommand('delete', c.id)}; ${connectorCommand('create', c.id, flags)}`;
      if (c.ipCidrRange) {
        const range = c.ipCidrRange;
        if (range.family !== 4 || range.prefix !== 28) {
          const suggestion = range.family === 4 ? cidrOf(range.start, 28).text : 'RANGE/28';
          ctx.report({
            resource: c.id,
            source: c.source,
            message:
              `VPC connector "${name}" has range "${range.text}"; a connector range must be an IPv4 /28; ` +
              recreate(`--network=${shortName(c.network ?? 'NETWORK')} --range=${suggestion}`),
          });
        }
        if (overlaps(range, AUTO_MODE_RANGE)) {
          if (!c.network) {
            ctx.notEvaluated(c.id, 'the connector names no network, so whether it is auto-mode is unknown');
            continue;
          }
          const network = byId(model.networks, c.network);
          if (!network) {
            if (ctx.need(c.id, [{ collection: 'networks', project: projectOf(c.network)! }], 'cannot tell whether the network is auto-mode'))
              ctx.notEvaluated(c.id, `network "${relativeName(c.network)}" is not in the input`);
            continue;
          }
          if (network.autoCreateSubnetworks === true)
            ctx.report({
              resource: c.id,
              source: c.source,
              related: [network.id],
              message:
                `VPC connector "${name}" has range "${range.text}" in auto-mode network "${network.name}", which reserves "${AUTO_MODE_RANGE.text}" ` +
                `("networks cannot overlap with 10.128.0.0/9"); use a /28 outside it; ` +
                recreate(`--network=${network.name} --range=RANGE/28`),
            });
        }
      } else if (c.subnet) {
        const subnet = byId(model.subnetworks, c.subnet);
        if (!subnet) {
          const project = projectOf(c.subnet)!;
          if (ctx.need(c.id, [{ collection: 'subnetworks', project, region: regionOf(c.subnet) }], 'cannot check the size of the connector subnet'))
            ctx.notEvaluated(c.id, `the connector subnet "${relativeName(c.subnet)}" is not in the input`);
          continue;
        }
        if (subnet.range.prefix !== 28 || subnet.range.family !== 4)
          ctx.report({
            resource: c.id,
            source: c.source,
            related: [subnet.id],
            message:
              `VPC connector "${name}" uses subnet "${subnet.name}" with range "${subnet.range.text}"; a connector subnet must be exactly /28 and unused; ` +
              `create a /28 subnet (gcloud compute networks subnets create SUBNET --network=${shortName(subnet.network)} --region=${subnet.region} ` +
              `--project=${subnet.project} --range=RANGE/28), then ` +
              recreate(`--subnet=SUBNET --subnet-project=${subnet.project}`),
          });
      } else {
        ctx.notEvaluated(c.id, 'the connector has neither "ipCidrRange" nor "subnet"');
      }
    }
  },
});
