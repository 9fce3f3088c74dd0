// Helpers shared by the configuration rules.
import type { ResourceBase } from '../src/model.js';
import type { RuleContext } from '../src/rule.js';

/** False (and "not evaluated") when any of the fields a rule reads is unknown until deploy (a $VAR in a script). */
export function fieldsKnown(ctx: RuleContext, r: ResourceBase, fields: readonly string[]): boolean {
  const unknown = fields.filter((f) => r.unknownFields?.includes(f));
  if (unknown.length === 0) return true;
  ctx.notEvaluated(r.id, `${unknown.map((f) => `"${f}"`).join(', ')} not known until deploy`);
  return false;
}
