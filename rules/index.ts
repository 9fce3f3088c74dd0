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

// Path rules (read the engine's traces).
import connectorControlPlaneBlocked from './connector/control-plane-blocked.js';
import connectorUnused from './connector/unused.js';
import directVpcSubnetCapacity from './direct-vpc/subnet-capacity.js';
import directVpcSubnetNotFound from './direct-vpc/subnet-not-found.js';
import directVpcSubnetRegionMismatch from './direct-vpc/subnet-region-mismatch.js';
import egressNonPrivateVpcDestination from './egress/non-private-vpc-destination.js';
import egressPrivateRangesOnlyBypass from './egress/private-ranges-only-bypass.js';
import firewallEgressDenied from './firewall/egress-denied.js';
import googleApisNoPath from './google-apis/no-path.js';
import natMissing from './nat/missing.js';
import natPortCapacity from './nat/port-capacity.js';
import natSubnetNotCovered from './nat/subnet-not-covered.js';
import routeNatBypassed from './route/nat-bypassed.js';
import routeNoInternetRoute from './route/no-internet-route.js';

export const RULES: readonly Rule[] = [
  // Configuration rules (issue 2).
  runVpcModeConflict,
  runEgressWithoutVpc,
  runConnectorNotFound,
  runConnectorRegionMismatch,
  connectorNotReady,
  connectorRangeInvalid,
  connectorRangeOverlap,
  // Path rules: they read the engine's traces (issue 3).
  natMissing,
  natSubnetNotCovered,
  routeNoInternetRoute,
  routeNatBypassed,
  firewallEgressDenied,
  connectorControlPlaneBlocked,
  egressPrivateRangesOnlyBypass,
  egressNonPrivateVpcDestination,
  googleApisNoPath,
  directVpcSubnetNotFound,
  directVpcSubnetRegionMismatch,
  directVpcSubnetCapacity,
  natPortCapacity,
  connectorUnused,
  // Command-level rules on gcloud commands in deploy scripts (issue 5).
  ...gcloudRules,
];
