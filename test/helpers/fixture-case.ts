// Test inputs as a named base snapshot plus the few resources they change (fixtures/rules/README.md).
// A case is written out (materialised) as the real files `egress-lint check` reads: the base's file
// names, its JSON documents changed and pretty-printed (2 spaces, so locations' lines are stable), and
// the case's own files as they are.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpFiles } from './tmp.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

type Json = Record<string, unknown>;

/** A resource as the Google API returns it; `name` finds it in its file. */
export type Resource = Json & { name: string };

export interface FileChange {
  /** Names of the resources taken out. */
  remove?: string[];
  /** JSON merge patches (RFC 7396: objects merge, other values replace, null deletes) of the resources of the same name. */
  merge?: Resource[];
  /** New resources, at the end of their list (of their region's, in an aggregated list). */
  add?: Resource[];
}

export interface FixtureCase {
  /** The base snapshot's directory under fixtures/: "examples/seed-connector-nat" or "bases/NAME". */
  base: string;
  /** Per file of the base: the resources it removes, merges into and adds, in that order. */
  change?: Record<string, FileChange>;
  /** Files of the base left out: a collection that was not collected. */
  drop?: string[];
  /** Files written as they are: deploy scripts, Terraform plans, documents the base lacks or that replace one of its files. */
  files?: Record<string, string>;
}

export const SEED_BASE = 'examples/seed-connector-nat';

/** The case in a rule fixture directory: its case.json, and every other file but expected.txt as one of its files. */
export function readCase(dir: string): FixtureCase {
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as FixtureCase;
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (f !== 'case.json' && f !== 'expected.txt') files[f] = readFileSync(join(dir, f), 'utf8');
  return Object.keys(files).length > 0 ? { ...spec, files: { ...spec.files, ...files } } : spec;
}

/** The files of the case: relative name → content. */
export function caseFiles(c: FixtureCase): Record<string, string> {
  const baseDir = join(FIXTURES, c.base);
  const base = readdirSync(baseDir).sort();
  const own = c.files ?? {};
  for (const f of [...(c.drop ?? []), ...Object.keys(c.change ?? {})])
    if (!base.includes(f)) throw new Error(`${c.base} has no file ${f}`);
  const out: Record<string, string> = {};
  for (const f of base) {
    if (c.drop?.includes(f) || f in own) continue;
    // A base is a snapshot: JSON documents only.
    const doc = JSON.parse(readFileSync(join(baseDir, f), 'utf8')) as unknown;
    const change = c.change?.[f];
    if (change) applyChange(doc, change, `${c.base}/${f}`);
    out[f] = `${JSON.stringify(doc, null, 2)}\n`;
  }
  for (const [f, text] of Object.entries(own)) {
    if (c.change?.[f]) throw new Error(`${f} is both changed and given whole`);
    out[f] = text;
  }
  return out;
}

/** Writes the case into a fresh temporary directory; every file's path, sorted (deploy scripts are read only when named). */
export function materialise(c: FixtureCase): { dir: string; paths: string[] } {
  const files = caseFiles(c);
  const dir = tmpFiles(files);
  return { dir, paths: Object.keys(files).sort().map((f) => join(dir, f)) };
}

function applyChange(doc: unknown, change: FileChange, file: string): void {
  for (const name of change.remove ?? []) {
    const { list, at, emptied } = find(doc, name, file);
    list.splice(at, 1);
    if (list.length === 0) emptied();
  }
  for (const patch of change.merge ?? []) {
    const { list, at } = find(doc, patch.name, file);
    list[at] = mergePatch(list[at], patch) as Json;
  }
  for (const resource of change.add ?? []) {
    if (lists(doc).some((l) => l.list.some((r) => r.name === resource.name))) throw new Error(`${file} already has ${resource.name}; merge into it`);
    listFor(doc, resource, file).push(resource);
  }
}

interface Located {
  list: Json[];
  /** Drops the list's aggregated scope once it is empty, as the copies this format replaced had it. */
  emptied: () => void;
}

/** The resource lists of a document: a REST list's items, each region of an aggregated list, a Run list (jobs, services, connectors...). */
function lists(doc: unknown): Located[] {
  if (Array.isArray(doc)) return [{ list: doc as Json[], emptied: () => {} }];
  const d = doc as Json;
  const items = d.items;
  if (items && typeof items === 'object' && !Array.isArray(items)) {
    const scopes = items as Record<string, Json>;
    return Object.entries(scopes).flatMap(([scope, body]) =>
      Object.values(body)
        .filter(Array.isArray)
        .map((list) => ({ list: list as Json[], emptied: () => delete scopes[scope] })),
    );
  }
  return Object.values(d)
    .filter(Array.isArray)
    .map((list) => ({ list: list as Json[], emptied: () => {} }));
}

function find(doc: unknown, name: string, file: string): Located & { at: number } {
  for (const l of lists(doc)) {
    const at = l.list.findIndex((r) => r.name === name);
    if (at >= 0) return { ...l, at };
  }
  throw new Error(`${file} has no resource named ${name}`);
}

/** Aggregated lists key each region's resources by the collection. */
const AGGREGATED: Record<string, string> = {
  'compute#subnetworkAggregatedList': 'subnetworks',
  'compute#routerAggregatedList': 'routers',
  'compute#addressAggregatedList': 'addresses',
};

/** The list a new resource goes into: its region's in an aggregated list, a REST list's items, or the Run list its name says. */
function listFor(doc: unknown, resource: Resource, file: string): Json[] {
  if (Array.isArray(doc)) return doc as Json[];
  const d = doc as Json;
  const kind = String(d.kind ?? '');
  const key = AGGREGATED[kind];
  if (key) {
    const scope = `regions/${String(resource.region ?? '').split('/').pop()}`;
    const body = ((d.items as Record<string, Json>)[scope] ??= {});
    delete body.warning; // a region with resources has no "no results" warning
    return (body[key] ??= []) as Json[];
  }
  if (kind.startsWith('compute#') && kind.endsWith('List')) return (d.items ??= []) as Json[];
  // Run and Serverless VPC Access names: projects/P/locations/L/COLLECTION/NAME.
  const collection = /^projects\/[^/]+\/locations\/[^/]+\/([^/]+)\/[^/]+$/.exec(resource.name)?.[1];
  if (!collection) throw new Error(`${file}: cannot tell which list ${resource.name} goes into; give the file whole`);
  return (d[collection] ??= []) as Json[];
}

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Json = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
