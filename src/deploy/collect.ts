// Gathers the resources an input defines, in order: a later command or a child resource (a NAT, a
// firewall policy rule) that changes a resource already defined in the same input is laid over it.
import type { SourceRef } from '../model.js';
import type { Deletion, DeployInput, DeployResource } from './types.js';

type Obj = Record<string, unknown>;
interface Step {
  key: string;
  match?: [string, string];
}

function steps(path: string): Step[] {
  return path.split('.').map((part) => {
    const m = /^([^[]+)\[([^=]+)=(.*)\]$/.exec(part);
    return m ? { key: m[1]!, match: [m[2]!, m[3]!] } : { key: part };
  });
}

/** The child a step names; with create, missing containers are made (an array when the next step is an index). */
function child(container: unknown, step: Step, create: boolean, next?: Step): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  const obj = container as Obj;
  if (!step.match) {
    if (obj[step.key] === undefined && create) obj[step.key] = next && /^\d+$/.test(next.key) ? [] : {};
    return obj[step.key];
  }
  if (!Array.isArray(obj[step.key])) {
    if (!create) return undefined;
    obj[step.key] = [];
  }
  const list = obj[step.key] as Obj[];
  const [k, v] = step.match;
  let found = list.find((e) => String(e[k]) === v);
  if (!found && create) list.push((found = { [k]: v }));
  return found;
}

/** The value at a dotted path (see DeployResource.patchFields). */
export function getPath(obj: Obj, path: string): unknown {
  return steps(path).reduce<unknown>((at, step) => child(at, step, false), obj);
}

/** Sets (or, for undefined, removes) the value at a dotted path. */
export function setPath(obj: Obj, path: string, value: unknown): void {
  const all = steps(path);
  const last = all.pop()!;
  const parent = all.reduce<unknown>((at, step, i) => child(at, step, value !== undefined, all[i + 1] ?? last), obj) as
    | Obj
    | undefined;
  if (!parent) return;
  if (!last.match) {
    if (value === undefined) delete parent[last.key];
    else parent[last.key] = value;
    return;
  }
  const list = Array.isArray(parent[last.key]) ? (parent[last.key] as Obj[]) : (parent[last.key] = []) as Obj[];
  const [k, v] = last.match;
  const i = list.findIndex((e) => String(e[k]) === v);
  if (value === undefined) {
    if (i >= 0) list.splice(i, 1);
  } else if (i >= 0) list[i] = value as Obj;
  else list.push(value as Obj);
}

export class Collector {
  private readonly result: DeployInput = { resources: [], deletions: [], commands: [], warnings: [] };
  private readonly byName = new Map<string, DeployResource>();

  get input(): DeployInput {
    return this.result;
  }

  add(r: DeployResource): void {
    const existing = this.byName.get(r.resource);
    if (existing && r.patch) {
      for (const field of r.patchFields ?? []) setPath(existing.raw, field, structuredClone(getPath(r.raw, field)));
      existing.unknownFields = [...new Set([...existing.unknownFields, ...r.unknownFields])];
      if (existing.patch) existing.patchFields = [...new Set([...(existing.patchFields ?? []), ...(r.patchFields ?? [])])];
      return;
    }
    if (existing) this.result.resources.splice(this.result.resources.indexOf(existing), 1);
    this.result.resources.push(r);
    this.byName.set(r.resource, r);
  }

  delete(resource: string, source: SourceRef): void {
    const existing = this.byName.get(resource);
    if (existing) {
      this.result.resources.splice(this.result.resources.indexOf(existing), 1);
      this.byName.delete(resource);
    }
    const deletion: Deletion = { resource, source };
    this.result.deletions.push(deletion);
  }
}
