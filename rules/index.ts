// The rule catalogue, in the order rules are listed and documented. Ids are a contract.
import type { Rule } from '../src/rule.js';
// Configuration rules (issue 2).
import connectorNotReady from './connector/not-ready.js';
import connectorRangeInvalid from './connector/range-invalid.js';
import connectorRangeOverlap from './connector/range-overlap.js';
import runConnectorNotFound from './run/connector-not-found.js';
import runConnectorRegionMismatch from './run/connector-region-mismatch.js';
import runEgressWithoutVpc from './run/egress-without-vpc.js';
import runVpcModeConflict from './run/vpc-mode-conflict.js';
import { gcloudRules } from './gcloud/index.js';

export const RULES: readonly Rule[] = [
  // Configuration rules (issue 2).
  runVpcModeConflict,
  runEgressWithoutVpc,
  runConnectorNotFound,
  runConnectorRegionMismatch,
  connectorNotReady,
  connectorRangeInvalid,
  connectorRangeOverlap,
  // Command-level rules on gcloud commands in deploy scripts (issue 5).
  ...gcloudRules,
];
