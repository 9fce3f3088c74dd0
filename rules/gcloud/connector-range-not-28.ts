import { flagOf } from '../../src/deploy/commands.js';
import { cidrOf, parseCidr } from '../../src/ip.js';
import { defineRule } from '../../src/rule.js';
import { atFlag } from '../support.js';

export default defineRule({
  meta: {
    id: 'gcloud/connector-range-not-28',
    severity: 'error',
    short: 'A connector create command gives a --range that is not a /28.',
    description: 'A Serverless VPC Access connector range is exactly /28 (facts 1.2); any other prefix is rejected.',
    requires: [],
  },
  check(ctx) {
    for (const cmd of ctx.model.commands) {
      if (cmd.command !== 'compute networks vpc-access connectors create') continue;
      const range = flagOf(cmd, 'range');
      if (!range || range.valueUnknown || range.value === undefined) continue;
      const cidr = parseCidr(range.value);
      if (cidr?.family === 4 && cidr.prefix === 28) continue;
      const fix = cidr?.family === 4 ? `, e.g. --range=${cidrOf(cidr.start, 28).text}` : ' (for example 10.8.0.0/28)';
      ctx.report({
        ...atFlag(cmd, range),
        message: `--range="${range.value}" is ${cidr ? `a /${cidr.prefix}` : 'not an IPv4 CIDR'}; a connector range must be exactly /28. Use an unused /28${fix}`,
      });
    }
  },
});
