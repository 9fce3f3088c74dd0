import { flagOf, RUN_COMMANDS } from '../../src/deploy/commands.js';
import { defineRule } from '../../src/rule.js';
import { atFlag } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/unknown-egress-value',
    severity: 'error',
    short: '--vpc-egress has a value gcloud does not accept, or the deprecated alias "all".',
    description:
      'gcloud accepts private-ranges-only (the default), all-traffic, and all, a deprecated alias of all-traffic (facts 3.1). Any other value fails the deploy; "all" still works but should be replaced.',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (!RUN_COMMANDS.includes(cmd.command)) continue;
      const egress = flagOf(cmd, 'vpc-egress');
      if (!egress || egress.valueUnknown || egress.value === 'all-traffic' || egress.value === 'private-ranges-only') continue;
      const deprecated = egress.value === 'all';
      ctx.report({
        ...atFlag(cmd, egress),
        severity: deprecated ? 'warning' : 'error',
        message: deprecated
          ? `--vpc-egress="all" is a deprecated alias of "all-traffic". Use --vpc-egress=all-traffic`
          : `--vpc-egress="${egress.value ?? ''}" is not a value gcloud accepts. Use --vpc-egress=all-traffic or --vpc-egress=private-ranges-only`,
      });
    }
  },
});
