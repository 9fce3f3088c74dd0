import type { DeployCommand, SourceRef } from '../model.js';

/** Stands for a project, region or name that is unknown until the script runs or the plan is applied. */
export const UNKNOWN = 'UNKNOWN';

/** A raw API resource as the API would return it after the command runs (or the plan is applied). */
export interface DeployResource {
  raw: Record<string, unknown>;
  /** Full resource name (src/names.ts); may contain UNKNOWN segments. */
  resource: string;
  source: SourceRef;
  /** Model field names unknown until run/apply, e.g. 'connector', 'egress', 'network', 'project'. */
  unknownFields: string[];
  /**
   * Set when the input changes an existing resource (gcloud ... update, a NAT or policy rule added
   * to a router or policy defined elsewhere). Lay patchFields over the snapshot's resource.
   */
  patch?: true;
  /**
   * Dotted paths into raw that the patch sets; a path absent from raw means "removed".
   * A segment `key[k=v]` names the element of array `key` whose property k equals v, e.g. `nats[name=nat-1]`.
   */
  patchFields?: string[];
  /** Terraform resource address, e.g. module.net.google_compute_router_nat.nat. */
  address?: string;
}

export interface Deletion {
  /** Full resource name. */
  resource: string;
  source: SourceRef;
}

export interface DeployInput {
  resources: DeployResource[];
  deletions: Deletion[];
  commands: DeployCommand[];
  warnings: string[];
}
