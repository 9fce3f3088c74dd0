import { flagOf } from '../../src/deploy/commands.js';
import { scriptFix, type Fix } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { atFlag, fixesText } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/connector-flags-conflict',
    severity: 'error',
    short: 'A connector create command mixes --subnet with --network or --range.',
    description:
      'A connector takes its /28 either from --network plus --range or from an existing subnet (--subnet plus --subnet-project); gcloud puts the two ' +
      'groups in a mutually exclusive group and refuses the command before sending it.',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (cmd.command !== 'compute networks vpc-access connectors create') continue;
      const subnet = flagOf(cmd, 'subnet');
      const other = [flagOf(cmd, 'network'), flagOf(cmd, 'range')].filter((f) => f !== undefined);
      if (!subnet || other.length === 0 || [subnet, ...other].some((f) => f.valueUnknown)) continue;
      const fixes: Fix[] = [scriptFix(`use the existing /28 subnet "${subnet.value ?? ''}"`, cmd, { drop: ['network', 'range'] })];
      const range = flagOf(cmd, 'range');
      if (range) fixes.push(scriptFix(`use range ${range.value ?? ''} of the network instead`, cmd, { drop: ['subnet', 'subnet-project'] }));
      ctx.report({
        ...atFlag(cmd, subnet),
        message:
          `--subnet="${subnet.value ?? ''}" is combined with ${other.map((f) => `--${f.name}="${f.value ?? ''}"`).join(' and ')}; gcloud accepts either ` +
          `--network with --range or --subnet with --subnet-project; ${fixesText(fixes)}`,
        fixes,
      });
    }
  },
});
