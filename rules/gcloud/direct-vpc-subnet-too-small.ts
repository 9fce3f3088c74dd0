import { basename } from 'node:path';
import { flagOf, RUN_COMMANDS } from '../../src/deploy/commands.js';
import { parseCidr } from '../../src/ip.js';
import { shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { atFlag } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/direct-vpc-subnet-too-small',
    severity: 'warning',
    short: 'Direct VPC egress uses a subnet smaller than /26 created in the same input.',
    description:
      'gcloud documents that the Direct VPC egress subnet "must be /26 or larger"; Cloud Run reserves addresses in blocks of 16 and needs about two per instance, so a smaller subnet runs out of addresses (facts 4.4).',
    requires: [],
  },
  check(ctx) {
    const subnets = ctx.model.commands.filter((c) => c.command === 'compute networks subnets create');
    for (const cmd of ctx.model.commands) {
      if (!RUN_COMMANDS.includes(cmd.command)) continue;
      // Network only: the subnet named like the network is used (facts 4.3).
      const flag = flagOf(cmd, 'subnet') ?? flagOf(cmd, 'network');
      if (!flag || flag.valueUnknown || !flag.value) continue;
      const region = flagOf(cmd, 'region')?.value;
      const created = subnets.find((s) => {
        const sRegion = flagOf(s, 'region')?.value;
        return s.args[0] === shortName(flag.value!) && (region === undefined || sRegion === undefined || region === sRegion);
      });
      const range = created && flagOf(created, 'range');
      const cidr = range?.value === undefined || range.valueUnknown ? undefined : parseCidr(range.value);
      if (!created || !range || cidr?.family !== 4 || cidr.prefix <= 26) continue;
      ctx.report({
        ...atFlag(cmd, flag),
        related: created.resource ? [created.resource] : undefined,
        message:
          `--${flag.name}="${flag.value}" uses subnet "${created.args[0]}" with --range="${range.value}" (${basename(created.file)}:${range.line}), a /${cidr.prefix}; ` +
          `Direct VPC egress needs a /26 or larger subnet. Create a bigger subnet (e.g. --range with a /26 or /24) and deploy with --subnet=NEW_SUBNET`,
      });
    }
  },
});
