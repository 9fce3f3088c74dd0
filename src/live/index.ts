// What the CLI needs from the live collector (`egress-lint scan` and `egress-lint snapshot`).
export { collectSnapshot, type CollectOptions } from './collect.js';
export { writeBundleAtomically, serializeBundle } from './write.js';
export { LiveSetupError, ENDPOINT_VARS } from './clients.js';
export { collectOrganization, type OrganizationOptions } from './asset.js';
