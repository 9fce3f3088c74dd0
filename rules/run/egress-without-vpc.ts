import { runUpdateCommand, workloadLabel } from '../../src/describe.js';
import { defineRule } from '../../src/rule.js';
import { fieldsKnown } from '../support.js';

const ATTACH = '--vpc-connector=CONNECTOR (or --network=NETWORK --subnet=SUBNET for Direct VPC egress)';

export default defineRule({
  meta: {
    id: 'run/egress-without-vpc',
    severity: 'warning',
    short: 'A Cloud Run workload sets a VPC egress setting that cannot take effect: it has no connector or network interface, or the value is not one the API accepts.',
    description:
      'The VPC egress setting (--vpc-egress, vpcAccess.egress, annotation run.googleapis.com/vpc-access-egress) only chooses which traffic enters the VPC ' +
      'through a connector or Direct VPC network interface. Without either, all traffic leaves directly from Google\'s serverless network: no VPC firewall, ' +
      'no routes and no Cloud NAT static IP, whatever the setting says. An ALL_TRAFFIC setting without a VPC is a warning (the author expected VPC egress); ' +
      'an explicit PRIVATE_RANGES_ONLY without a VPC is a note (it changes nothing). A value the API does not accept (a typo in an annotation) is reported ' +
      'here too, with or without a VPC, because it does not select the intended mode either.',
    requires: ['jobs', 'services'],
  },
  check(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.egress === undefined && w.egressInvalid === undefined) continue;
      if (!fieldsKnown(ctx, w, ['egress', 'connector', 'networkInterfaces'])) continue;
      const hasVpc = w.connector !== undefined || w.networkInterfaces.length > 0;
      if (w.egressInvalid !== undefined) {
        const valid = w.apiVersion === 'v1' ? '"all-traffic" or "private-ranges-only"' : '"ALL_TRAFFIC" or "PRIVATE_RANGES_ONLY"';
        const noVpc = hasVpc ? '' : ', and it has neither a VPC connector nor a Direct VPC network interface';
        ctx.report({
          resource: w.id,
          source: w.source,
          message:
            `${workloadLabel(w)} has VPC egress "${w.egressInvalid}", which is not a value the API accepts (expected ${valid})${noVpc}; ` +
            `set a valid one: ${runUpdateCommand(w, `--vpc-egress=all-traffic${hasVpc ? '' : ` ${ATTACH}`}`)}`,
        });
      } else if (!hasVpc) {
        const allTraffic = w.egress === 'ALL_TRAFFIC';
        ctx.report({
          resource: w.id,
          source: w.source,
          severity: allTraffic ? 'warning' : 'note',
          message:
            `${workloadLabel(w)} sets VPC egress "${w.egress}" but has neither a VPC connector nor a Direct VPC network interface, ` +
            `so all its traffic goes straight to the internet from Google's serverless network (no VPC firewall, routes or Cloud NAT); ` +
            (allTraffic ? `attach the VPC: ${runUpdateCommand(w, ATTACH)}` : `the setting has no effect; attach a VPC or drop the setting: ${runUpdateCommand(w, ATTACH)}`),
        });
      }
    }
  },
});
