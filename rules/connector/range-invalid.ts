import { relativeName } from '../../src/describe.js';
import { AUTO_MODE_RANGE, overlaps, type Cidr } from '../../src/ip.js';
import { projectOf, regionOf } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { connectorOnFreeRange, fieldsKnown, fixesText, flagSource } from '../support.js';
import { byId } from '../../src/lookup.js';

export default defineRule({
  meta: {
    id: 'connector/range-invalid',
    severity: 'error',
    short: 'A VPC connector range or subnet is not exactly /28, or its range overlaps 10.128.0.0/9 in an auto-mode network.',
    description:
      'A Serverless VPC Access connector needs exactly a /28: either the --range it was created with, or the existing subnet given with --subnet. ' +
      'A larger or smaller range or subnet is refused. In an auto-mode network, a --range that overlaps 10.128.0.0/9 (the range auto-mode subnets ' +
      'are carved from) is refused too ("networks cannot overlap with 10.128.0.0/9"). A `connectors create` command in a deploy script with such a ' +
      '--range is reported here, at its --range flag.',
    requires: ['connectors', 'subnetworks', 'networks'],
  },
  check(ctx) {
    const { model } = ctx;
    // Ranges handed to a fix, per network, so that two connectors moved in one network do not get the same /28.
    const handedOut = new Map<string, Cidr[]>();
    const avoid = (network: string) => handedOut.get(network) ?? (handedOut.set(network, []), handedOut.get(network)!);
    for (const c of model.connectors) {
      if (!fieldsKnown(ctx, c, ['ipCidrRange'])) continue;
      const name = relativeName(c.id);
      if (c.ipCidrRange) {
        const range = c.ipCidrRange;
        const source = flagSource(model, c, 'range');
        if (range.family !== 4 || range.prefix !== 28) {
          const fixes = c.network ? [connectorOnFreeRange(model, c, c.network, { avoid: avoid(c.network) })] : [];
          ctx.report({
            resource: c.id,
            source,
            message:
              `VPC connector "${name}" has range "${range.text}"; a connector range must be an IPv4 /28` +
              (c.network ? `; ${fixesText(fixes)}` : '; give it a free /28 of its network (the connector names no network, so none is picked here)'),
            ...(fixes.length ? { fixes } : {}),
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
          if (network.autoCreateSubnetworks === true) {
            const fixes = [connectorOnFreeRange(model, c, network.id, { avoid: avoid(network.id) })];
            ctx.report({
              resource: c.id,
              source,
              related: [network.id],
              message:
                `VPC connector "${name}" has range "${range.text}" in auto-mode network "${network.name}", which reserves "${AUTO_MODE_RANGE.text}" ` +
                `("networks cannot overlap with 10.128.0.0/9"); ${fixesText(fixes)}`,
              fixes,
            });
          }
        }
      } else if (c.subnet) {
        const subnet = byId(model.subnetworks, c.subnet);
        if (!subnet) {
          const project = projectOf(c.subnet)!;
          if (ctx.need(c.id, [{ collection: 'subnetworks', project, region: regionOf(c.subnet) }], 'cannot check the size of the connector subnet'))
            ctx.notEvaluated(c.id, `the connector subnet "${relativeName(c.subnet)}" is not in the input`);
          continue;
        }
        if (subnet.range.prefix !== 28 || subnet.range.family !== 4) {
          const fixes = [connectorOnFreeRange(model, c, subnet.network, { viaSubnet: true, avoid: avoid(subnet.network) })];
          ctx.report({
            resource: c.id,
            source: flagSource(model, c, 'subnet'),
            related: [subnet.id],
            message:
              `VPC connector "${name}" uses subnet "${subnet.name}" with range "${subnet.range.text}"; a connector subnet must be exactly /28 and unused; ` +
              fixesText(fixes),
            fixes,
          });
        }
      } else {
        ctx.notEvaluated(c.id, 'the connector has neither "ipCidrRange" nor "subnet"');
      }
    }
  },
});
