// What the gcloud rules read of a parsed deploy command. Kept apart from gcloud.ts (the parser, with
// its shell, collector and raw-resource modules) so that loading the rules for every `check` does
// not load the deploy parsers (cold start; npm run bench "cold start"). gcloud.ts re-exports these.
import type { DeployCommand, DeployFlag } from '../model.js';

export const RUN_COMMANDS = ['run deploy', 'run services update', 'run jobs deploy', 'run jobs create', 'run jobs update'];

/** The last occurrence of a flag (gcloud keeps the last value of a repeated flag). */
export function flagOf(cmd: DeployCommand, name: string): DeployFlag | undefined {
  return [...cmd.flags].reverse().find((f) => f.name === name);
}

/** Where a command's findings point when it names no resource. */
export function commandTarget(cmd: DeployCommand): string {
  return cmd.resource ?? `${cmd.file}:${cmd.line}`;
}
