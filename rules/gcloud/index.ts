import type { Rule } from '../../src/rule.js';
import connectorFlagsConflict from './connector-flags-conflict.js';
import connectorRangeNot28 from './connector-range-not-28.js';
import directVpcSubnetTooSmall from './direct-vpc-subnet-too-small.js';
import egressWithoutVpc from './egress-without-vpc.js';
import unknownEgressValue from './unknown-egress-value.js';
import vpcModeConflict from './vpc-mode-conflict.js';

/** Command-level rules: they read ctx.model.commands (gcloud commands found in deploy scripts). */
export const gcloudRules: Rule[] = [
  vpcModeConflict,
  egressWithoutVpc,
  unknownEgressValue,
  connectorFlagsConflict,
  connectorRangeNot28,
  directVpcSubnetTooSmall,
];
