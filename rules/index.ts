// The rule catalogue, in the order rules are listed and documented. Ids are a contract.
import type { Rule } from '../src/rule.js';

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
  // Path rules.
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
];
