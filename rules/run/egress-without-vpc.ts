import { workloadLabel } from '../../src/describe.js';
import { dropEgressFix, workloadFix, type Fix } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { attachFixes, definingCommand, fieldsKnown, fixesText, flagSource, setByCommand } from '../support.js';

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
      'here too, with or without a VPC, because it does not select the intended mode either; a --vpc-egress value that gcloud itself refuses is left to ' +
      'gcloud/unknown-egress-value. A gcloud command in a deploy script that sets --vpc-egress without a connector or Direct VPC is reported here, at the ' +
      'command, as the workload it would leave behind.',
    requires: ['jobs', 'services'],
  },
  check(ctx) {
    const { model } = ctx;
    for (const w of model.workloads) {
      if (w.egress === undefined && w.egressInvalid === undefined) continue;
      // network and subnetwork: a Direct VPC flag whose value is known only at deploy ($NETWORK).
      if (!fieldsKnown(ctx, w, ['egress', 'connector', 'networkInterfaces', 'network', 'subnetwork'])) continue;
      const hasVpc = w.connector !== undefined || w.networkInterfaces.length > 0;
      if (w.egressInvalid !== undefined) {
        // gcloud refuses a --vpc-egress value outside its choices before sending anything: the command's mistake.
        if (setByCommand(model, w.id, 'vpc-egress', w.egressInvalid)) continue;
        const valid = w.apiVersion === 'v1' ? '"all-traffic" or "private-ranges-only"' : '"ALL_TRAFFIC" or "PRIVATE_RANGES_ONLY"';
        const noVpc = hasVpc ? '' : ', and it has neither a VPC connector nor a Direct VPC network interface';
        const script = definingCommand(model, w);
        const fixes: Fix[] = hasVpc
          ? [
              workloadFix('send all traffic through the VPC', w, { set: { 'vpc-egress': 'all-traffic' } }, script),
              workloadFix('send only private ranges through the VPC', w, { set: { 'vpc-egress': 'private-ranges-only' } }, script),
            ]
          : attachFixes(model, w, { 'vpc-egress': 'all-traffic' });
        ctx.report({
          resource: w.id,
          source: flagSource(model, w, 'vpc-egress'),
          message: `${workloadLabel(w)} has VPC egress "${w.egressInvalid}", which is not a value the API accepts (expected ${valid})${noVpc}; ${fixesText(fixes)}`,
          fixes,
        });
      } else if (!hasVpc) {
        const allTraffic = w.egress === 'ALL_TRAFFIC';
        const fixes = allTraffic
          ? attachFixes(model, w)
          : [dropEgressFix('remove the setting, which changes nothing', w, definingCommand(model, w)), ...attachFixes(model, w)];
        ctx.report({
          resource: w.id,
          source: flagSource(model, w, 'vpc-egress'),
          severity: allTraffic ? 'warning' : 'note',
          message:
            `${workloadLabel(w)} sets VPC egress "${w.egress}" but has neither a VPC connector nor a Direct VPC network interface, ` +
            `so all its traffic goes straight to the internet from Google's serverless network (no VPC firewall, routes or Cloud NAT); ` +
            (allTraffic ? fixesText(fixes) : `the setting has no effect; ${fixesText(fixes)}`),
          fixes,
        });
      }
    }
  },
});
