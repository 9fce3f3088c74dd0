// Wording shared by rule messages: how a resource is named (commands are built in fix.ts).
import type { Workload } from './model.js';

const KIND_WORD: Record<Workload['kind'], string> = { job: 'job', service: 'service', workerPool: 'worker pool' };

/** `Cloud Run job "my-agent-4"`. */
export function workloadLabel(w: Workload): string {
  return `Cloud Run ${KIND_WORD[w.kind]} "${w.name}"`;
}

/** `job "my-agent-4"`: the short form, where the message already says Cloud Run. */
export function describeWorkload(w: Workload): string {
  return `${KIND_WORD[w.kind]} "${w.name}"`;
}


/** A full resource name without its service prefix: "projects/p/locations/r/connectors/c". */
export function relativeName(fullName: string): string {
  return fullName.replace(/^\/\/[^/]+\//, '');
}

