import { flagOf, RUN_COMMANDS } from '../../src/deploy/commands.js';
import { defineRule } from '../../src/rule.js';
import { atFlag } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/vpc-mode-conflict',
    severity: 'error',
    short: 'A Cloud Run command sets both --vpc-connector and Direct VPC egress (--network/--subnet).',
    description:
      'The Run API accepts one and only one of a VPC connector and network interfaces; gcloud does not check this, so the deploy fails at the API (facts 4.8).',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (!RUN_COMMANDS.includes(cmd.command)) continue;
      const connector = flagOf(cmd, 'vpc-connector');
      const direct = flagOf(cmd, 'network') ?? flagOf(cmd, 'subnet');
      if (!connector || !direct || connector.valueUnknown || direct.valueUnknown || !connector.value || !direct.value) continue;
      ctx.report({
        ...atFlag(cmd, direct),
        message:
          `"gcloud ${cmd.command}" sets --vpc-connector="${connector.value}" and --${direct.name}="${direct.value}"; the API rejects both ` +
          `("one and only one of connector and network_interfaces must be set"). Keep one: drop --network/--subnet/--network-tags ` +
          `to use the connector, or drop --vpc-connector (--clear-vpc-connector on update) to use Direct VPC egress`,
      });
    }
  },
});
