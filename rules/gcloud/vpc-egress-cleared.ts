import { flagOf, RUN_COMMANDS } from '../../src/deploy/commands.js';
import { runUpdate, scriptFix, type Fix } from '../../src/fix.js';
import type { Workload } from '../../src/model.js';
import { byId } from '../../src/lookup.js';
import { defineRule } from '../../src/rule.js';
import { atFlag, fixesText } from '../support.js';

const CLEARS = ['clear-vpc-connector', 'clear-network'];

/** The command without --vpc-egress, then an update that sets it (when the workload, and so its update command, is known). */
function secondCommand(edited: Fix, w: Workload | undefined): Fix {
  if (!w || edited.commands.length === 0) return { summary: `${edited.summary}, then set --vpc-egress=all-traffic with an update after it`, commands: [] };
  return { summary: `${edited.summary}, then set it with an update after it`, commands: [...edited.commands, runUpdate(w, { 'vpc-egress': 'all-traffic' })] };
}

export default defineRule({
  meta: {
    id: 'gcloud/vpc-egress-cleared',
    severity: 'warning',
    short: 'A Cloud Run command sets --vpc-egress=all-traffic together with --clear-vpc-connector or --clear-network, which deletes the setting again.',
    description:
      'gcloud applies --clear-vpc-connector and --clear-network after --vpc-egress, and both delete the VPC egress setting along with the connector or ' +
      'network interfaces they remove. The all-traffic setting given in the same command is lost: a workload left with Direct VPC egress (or a connector) ' +
      'sends only private ranges into the VPC, so internet traffic bypasses the VPC firewall and Cloud NAT; one left without either sends everything ' +
      'directly. Setting the egress in a second command keeps it.',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (!RUN_COMMANDS.includes(cmd.command)) continue;
      const egress = flagOf(cmd, 'vpc-egress');
      if (!egress || egress.valueUnknown || (egress.value !== 'all-traffic' && egress.value !== 'all')) continue;
      const clears = CLEARS.filter((f) => flagOf(cmd, f));
      if (clears.length === 0) continue;
      // What the command leaves: a VPC it sets itself, or the workload as the input has it after the command.
      const w = byId(ctx.model.workloads, cmd.resource);
      const vpcLeft = ['vpc-connector', 'network', 'subnet'].some((f) => flagOf(cmd, f)) || (w !== undefined && (w.connector !== undefined || w.networkInterfaces.length > 0));
      const noVpcKnown = !vpcLeft && w !== undefined && !w.unknownFields?.some((f) => f === 'connector' || f === 'networkInterfaces');
      const clear = clears.map((f) => `--${f}`).join(' and ');
      const fixes: Fix[] = noVpcKnown
        ? [scriptFix('drop --vpc-egress, which has no effect without a connector or Direct VPC', cmd, { drop: ['vpc-egress'] })]
        : [secondCommand(scriptFix('set the egress in a command of its own', cmd, { drop: ['vpc-egress'] }), w)];
      ctx.report({
        ...atFlag(cmd, egress),
        message:
          `"gcloud ${cmd.command}" sets --vpc-egress="${egress.value}" with ${clear}, which gcloud applies after it and which deletes the egress setting; ` +
          (noVpcKnown
            ? 'no connector or Direct VPC remains either, so all traffic goes directly to the internet'
            : `${vpcLeft ? 'the workload keeps' : 'if the workload keeps'} VPC access with the default private-ranges-only, so internet traffic bypasses the VPC`) +
          `; ${fixesText(fixes)}`,
        fixes,
      });
    }
  },
});
