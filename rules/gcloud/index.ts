import type { Rule } from '../../src/rule.js';
import connectorFlagsConflict from './connector-flags-conflict.js';
import unknownEgressValue from './unknown-egress-value.js';
import vpcEgressCleared from './vpc-egress-cleared.js';

/**
 * Command-level rules: they read ctx.model.commands (gcloud commands found in deploy scripts) and report
 * only what the command alone shows (a value or a flag combination gcloud itself refuses or drops). What a
 * command leaves behind is laid over the snapshot and checked by the rules on that resource: the retired
 * gcloud/vpc-mode-conflict, gcloud/egress-without-vpc, gcloud/connector-range-not-28 and
 * gcloud/direct-vpc-subnet-too-small are reported by them (their ids are aliases: src/rule-aliases.ts).
 */
export const gcloudRules: Rule[] = [vpcEgressCleared, unknownEgressValue, connectorFlagsConflict];
