// Helpers shared by the configuration rules.
import { commandTarget } from '../src/deploy/commands.js';
import { groupedBy } from '../src/lookup.js';
import type { Connector, DeployCommand, DeployFlag, Model, ResourceBase } from '../src/model.js';
import type { Report, RuleContext } from '../src/rule.js';

/** False (and "not evaluated") when any of the fields a rule reads is unknown until deploy (a $VAR in a script). */
export function fieldsKnown(ctx: RuleContext, r: ResourceBase, fields: readonly string[]): boolean {
  const unknown = fields.filter((f) => r.unknownFields?.includes(f));
  if (unknown.length === 0) return true;
  ctx.notEvaluated(r.id, `${unknown.map((f) => `"${f}"`).join(', ')} not known until deploy`);
  return false;
}

/**
 * Where a gcloud rule's finding points: the command's resource, the flag's line, and the command as
 * discriminator (one finding per rule and command kind on a resource: part of the fingerprint).
 */
export function atFlag(cmd: DeployCommand, flag: DeployFlag): Pick<Report, 'resource' | 'discriminator' | 'source'> {
  return { resource: commandTarget(cmd), discriminator: `gcloud ${cmd.command}`, source: { file: cmd.file, pointer: '', line: flag.line } };
}

/**
 * The connectors of a project and region. groupedBy caches a grouping by its name, so two rules that
 * each wrote the name and its key function would silently share whichever ran first: both use this.
 */
export function connectorsIn(model: Model, project: string, region: string): readonly Connector[] {
  return groupedBy(model.connectors, 'project-region', (c) => `${c.project}|${c.region}`, `${project}|${region}`);
}
