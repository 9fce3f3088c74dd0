// Deploy inputs: gcloud commands in scripts and Terraform plans, turned into the raw API resources
// the rest of egress-lint reads ("what the API would return after the command runs").
import { Collector } from './collect.js';
import { applyCommand, parseCommand } from './gcloud.js';
import { findGcloud, lineStarts, scriptKind } from './sources.js';
import type { DeployInput } from './types.js';

export { InputError } from '../errors.js';
export { commandTarget, flagOf, RUN_COMMANDS } from './gcloud.js';
export { parseTerraformPlan } from './terraform.js';
export { UNKNOWN, type Deletion, type DeployInput, type DeployResource } from './types.js';

/** True for files parseScriptFile reads: shell scripts, Makefiles, CI and Cloud Build YAML. */
export function isDeployScript(file: string, text: string): boolean {
  return scriptKind(file, text) !== undefined;
}

/** Finds the gcloud commands of a deploy script and the resources they leave behind, in script order. */
export function parseScriptFile(file: string, text: string, defaults: { project?: string; region?: string }): DeployInput {
  const starts = lineStarts(text);
  const out = new Collector();
  for (const words of findGcloud(file, text, scriptKind(file, text) ?? 'shell')) {
    const cmd = parseCommand(words, file, starts);
    if (!cmd) continue;
    applyCommand(cmd, defaults, out);
    out.input.commands.push(cmd);
  }
  return out.input;
}
