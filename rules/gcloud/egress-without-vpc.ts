import { flagOf, RUN_COMMANDS } from '../../src/deploy/commands.js';
import { defineRule } from '../../src/rule.js';
import { atFlag } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/egress-without-vpc',
    severity: 'warning',
    short: 'A Cloud Run command sets --vpc-egress but leaves the resource without a connector or Direct VPC egress.',
    description:
      'The egress setting only applies through a VPC connector or Direct VPC egress (facts 3.1); without either, all traffic goes straight to the internet (facts 3.5), so --vpc-egress=all-traffic does not send it through the VPC, Cloud NAT or firewall.',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (!RUN_COMMANDS.includes(cmd.command)) continue;
      const egress = flagOf(cmd, 'vpc-egress');
      if (!egress || egress.valueUnknown) continue;
      if (['vpc-connector', 'network', 'subnet'].some((f) => flagOf(cmd, f))) continue;
      const cleared = ['clear-vpc-connector', 'clear-network'].filter((f) => flagOf(cmd, f));
      const update = cmd.command.endsWith(' update');
      if (update && cleared.length === 0) continue;
      ctx.report({
        ...atFlag(cmd, egress),
        message:
          `"gcloud ${cmd.command}" sets --vpc-egress="${egress.value}" ` +
          (update ? `while ${cleared.map((f) => `--${f}`).join(' and ')} removes the VPC access` : 'without --vpc-connector, --network or --subnet') +
          `; with no connector and no Direct VPC egress all traffic goes directly to the internet. Add --vpc-connector=CONNECTOR or --network=NETWORK --subnet=SUBNET`,
      });
    }
  },
});
