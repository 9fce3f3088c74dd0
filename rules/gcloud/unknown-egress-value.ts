import { flagOf, RUN_COMMANDS } from '../../src/deploy/commands.js';
import { scriptFix } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { atFlag, fixesText } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/unknown-egress-value',
    severity: 'error',
    short: '--vpc-egress has a value gcloud does not accept, or the deprecated alias "all".',
    description:
      'gcloud accepts private-ranges-only (the default), all-traffic, and all, a deprecated alias of all-traffic. Any other value fails the command ' +
      'before anything is sent; "all" still works but should be replaced.',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (!RUN_COMMANDS.includes(cmd.command)) continue;
      const egress = flagOf(cmd, 'vpc-egress');
      if (!egress || egress.valueUnknown || egress.value === 'all-traffic' || egress.value === 'private-ranges-only') continue;
      const deprecated = egress.value === 'all';
      // With a clear flag, gcloud deletes the setting anyway: gcloud/vpc-egress-cleared reports the flag, and its fix writes all-traffic.
      if (deprecated && (flagOf(cmd, 'clear-vpc-connector') || flagOf(cmd, 'clear-network'))) continue;
      const fixes = deprecated
        ? [scriptFix('use its current name', cmd, { set: { 'vpc-egress': 'all-traffic' } })]
        : [
            scriptFix('send all traffic through the VPC', cmd, { set: { 'vpc-egress': 'all-traffic' } }),
            scriptFix('send only private ranges through the VPC', cmd, { set: { 'vpc-egress': 'private-ranges-only' } }),
          ];
      ctx.report({
        ...atFlag(cmd, egress),
        severity: deprecated ? 'warning' : 'error',
        message: deprecated
          ? `--vpc-egress="all" is a deprecated alias of "all-traffic"; ${fixesText(fixes)}`
          : `--vpc-egress="${egress.value ?? ''}" is not a value gcloud accepts (all-traffic or private-ranges-only); ${fixesText(fixes)}`,
        fixes,
      });
    }
  },
});
