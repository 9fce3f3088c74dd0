import { relativeName } from '../../src/describe.js';
import { connectorCreate, connectorSettings, connectorCommand, type ConnectorPlacement, type Fix } from '../../src/fix.js';
import type { Connector } from '../../src/model.js';
import { projectOf, shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { fixesText, workloadsUsing } from '../support.js';

/** Where the connector takes its /28, as it was created; undefined when the input does not say. */
function placementOf(c: Connector): ConnectorPlacement | undefined {
  if (c.subnet) return { subnet: shortName(c.subnet), subnetProject: projectOf(c.subnet)! };
  if (c.network && c.ipCidrRange) return { network: c.network, range: c.ipCidrRange.text };
  return undefined;
}

/** Its state, read again. */
const check = (c: Connector): Fix => ({ summary: 'check its state again before relying on it', commands: [connectorCommand('describe', c.id, { format: 'value(state)' })] });

/** Delete and create again with the same placement and settings (workloads keep naming it). */
function recreate(c: Connector): Fix {
  const placement = placementOf(c);
  if (!placement)
    return { summary: `delete it and create it again: the input does not say its ${c.network ? 'range' : 'network'}, so the create command cannot be given here`, commands: [] };
  return {
    summary: 'delete it and create it again with the same settings (workloads keep its name)',
    commands: [connectorCommand('delete', c.id), connectorCreate(c.id, placement, connectorSettings(c))],
  };
}

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
      const users = workloadsUsing(ctx.model, c.id).map((w) => w.id);
      const usedBy = users.length ? `; ${users.length} workload(s) use it` : '';
      const name = relativeName(c.id);
      const error = c.state === 'ERROR';
      const fixes = [error ? recreate(c) : check(c)];
      ctx.report({
        resource: c.id,
        source: c.source,
        related: users,
        severity: error ? 'error' : 'warning',
        message: error
          ? `VPC connector "${name}" is in state "ERROR" ("bad state, manual deletion recommended")${usedBy}; it carries no traffic and will not recover; ${fixesText(fixes)}`
          : `VPC connector "${name}" is in state "${c.state}", not "READY"${usedBy}; it carries traffic only when READY; ${fixesText(fixes)}`,
        fixes,
      });
    }
  },
});
