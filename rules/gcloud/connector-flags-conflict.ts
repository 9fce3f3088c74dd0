import { flagOf } from '../../src/deploy/commands.js';
import { defineRule } from '../../src/rule.js';
import { atFlag } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/connector-flags-conflict',
    severity: 'error',
    short: 'A connector create command mixes --subnet with --network or --range.',
    description:
      'A connector takes its /28 either from --network plus --range or from an existing subnet (--subnet plus --subnet-project); gcloud puts the two groups in a mutually exclusive group (facts 1.2).',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (cmd.command !== 'compute networks vpc-access connectors create') continue;
      const subnet = flagOf(cmd, 'subnet');
      const other = [flagOf(cmd, 'network'), flagOf(cmd, 'range')].filter((f) => f !== undefined);
      if (!subnet || other.length === 0 || [subnet, ...other].some((f) => f.valueUnknown)) continue;
      ctx.report({
        ...atFlag(cmd, subnet),
        message:
          `--subnet="${subnet.value ?? ''}" is combined with ${other.map((f) => `--${f.name}="${f.value ?? ''}"`).join(' and ')}; gcloud accepts either ` +
          `--network with --range or --subnet with --subnet-project. Remove ${other.map((f) => `--${f.name}`).join(' and ')} to use the existing /28 subnet`,
      });
    }
  },
});
