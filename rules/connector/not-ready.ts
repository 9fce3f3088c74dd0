import { connectorCommand, relativeName } from '../../src/describe.js';
import { defineRule } from '../../src/rule.js';
import { groupedBy } from '../../src/lookup.js';

export default defineRule({
  meta: {
    id: 'connector/not-ready',
    severity: 'error',
    short: 'A VPC connector is not in state READY.',
    description:
      'A Serverless VPC Access connector carries traffic only in state READY. ERROR is "bad state, manual deletion recommended": the connector will not ' +
      'recover and is reported as an error. CREATING, UPDATING and DELETING (or any other state) are transient or terminal and are reported as warnings. ' +
      'A connector without a state (hand-written input; the API always returns one) is not evaluated.',
    requires: ['connectors'],
  },
  check(ctx) {
    for (const c of ctx.model.connectors) {
      if (c.state === 'READY') continue;
      if (c.state === undefined) {
        ctx.notEvaluated(c.id, 'the connector has no "state" (the API always returns one)');
        continue;
      }
      const users = groupedBy(ctx.model.workloads, 'connector', (w) => w.connector, c.id).map((w) => w.id);
      const usedBy = users.length ? `; ${users.length} workload(s) use it` : '';
      const name = relativeName(c.id);
      ctx.report({
        resource: c.id,
        source: c.source,
        related: users,
        ...(c.state === 'ERROR'
          ? {
              severity: 'error' as const,
              message:
                `VPC connector "${name}" is in state "ERROR" ("bad state, manual deletion recommended")${usedBy}; it carries no traffic and will not recover; ` +
                `delete it and create it again: ${connectorCommand('delete', c.id)}`,
            }
          : {
              severity: 'warning' as const,
              message:
                `VPC connector "${name}" is in state "${c.state}", not "READY"${usedBy}; it carries traffic only when READY; ` +
                `check it again before relying on it: ${connectorCommand('describe', c.id, '--format="value(state)"')}`,
            }),
      });
    }
  },
});
