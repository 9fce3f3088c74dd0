// Wording shared by rule messages: how a resource is named and the gcloud command that changes it.
import type { Workload } from './model.js';
import { projectOf, regionOf, shortName } from './names.js';

const KIND_WORD: Record<Workload['kind'], string> = { job: 'job', service: 'service', workerPool: 'worker pool' };
// Worker pools are changed with `deploy` (facts 4.2); jobs and services with `update` (facts 8.1).
const GCLOUD_VERB: Record<Workload['kind'], string> = { job: 'jobs update', service: 'services update', workerPool: 'worker-pools deploy' };

/** `Cloud Run job "my-agent-4"`. */
export function workloadLabel(w: Workload): string {
  return `Cloud Run ${KIND_WORD[w.kind]} "${w.name}"`;
}

/** `job "my-agent-4"`: the short form, where the message already says Cloud Run. */
export function describeWorkload(w: Workload): string {
  return `${KIND_WORD[w.kind]} "${w.name}"`;
}

/** `gcloud run jobs update NAME --region=R --project=P FLAGS`. */
export function runUpdateCommand(w: Workload, flags: string): string {
  return `gcloud run ${GCLOUD_VERB[w.kind]} ${w.name} --region=${w.region} --project=${w.project} ${flags}`;
}

/** A full resource name without its service prefix: "projects/p/locations/r/connectors/c". */
export function relativeName(fullName: string): string {
  return fullName.replace(/^\/\/[^/]+\//, '');
}

/** `gcloud compute networks vpc-access connectors VERB NAME --region=R --project=P`, for a connector full name. */
export function connectorCommand(verb: string, connector: string, flags = ''): string {
  const rest = flags ? ` ${flags}` : '';
  return `gcloud compute networks vpc-access connectors ${verb} ${shortName(connector)} --region=${regionOf(connector)} --project=${projectOf(connector)}${rest}`;
}
