// Lookups over the model's collections, built once per collection array and shared by every rule:
// a rule that searched a collection for each trace or resource would be quadratic on large snapshots.
import type { Connector, Model } from './model.js';

const byIdCache = new WeakMap<readonly { id: string }[], Map<string, { id: string }>>();
const groupCache = new WeakMap<readonly object[], Map<string, Map<string, object[]>>>();

const strictlySorted = new WeakMap<readonly { id: string }[], boolean>();

/**
 * The resource with this id in the collection. The model's collections are sorted by id (buildModel),
 * so it is a binary search (checked once per collection); a map of every resource, built for a few
 * lookups, cost more (npm run bench, phase "rules"). Any other list gets the map. Either is kept per
 * collection array: a collection must not change after its first lookup (the model's never do).
 */
export function byId<T extends { id: string }>(collection: readonly T[], id: string | undefined): T | undefined {
  if (id === undefined) return undefined;
  let sorted = strictlySorted.get(collection);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < collection.length && sorted; i++) sorted = collection[i - 1]!.id < collection[i]!.id;
    strictlySorted.set(collection, sorted);
  }
  if (sorted) {
    let lo = 0;
    let hi = collection.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = collection[mid]!.id;
      if (at === id) return collection[mid];
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
  let map = byIdCache.get(collection);
  if (!map) byIdCache.set(collection, (map = new Map(collection.map((r) => [r.id, r]))));
  return map.get(id) as T | undefined;
}

/** The resources whose key (by the named grouping) is `key`; the grouping is built once per collection. */
export function groupedBy<T extends object>(collection: readonly T[], name: string, keyOf: (r: T) => string | undefined, key: string): readonly T[] {
  let groupings = groupCache.get(collection);
  if (!groupings) groupCache.set(collection, (groupings = new Map()));
  let groups = groupings.get(name);
  if (!groups) {
    groups = new Map();
    for (const r of collection) {
      const k = keyOf(r);
      if (k !== undefined) pushTo(groups, k, r);
    }
    groupings.set(name, groups);
  }
  return (groups.get(key) as T[] | undefined) ?? [];
}

/** Appends to the list under `key` (a list per key, grown in place: re-spreading it per add is quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Appends every element of `items` to `list`. push(...items) passes them as arguments and overflows the stack beyond about 120,000. */
export function appendAll<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

/**
 * A lookup table keyed by input text, without Object.prototype: "constructor", "toString" or "__proto__"
 * from a file find nothing in it, as any other unknown key (in a plain object literal they find functions).
 */
export function table<T extends object>(entries: T): T {
  return Object.assign(Object.create(null) as T, entries);
}

/**
 * A cache that empties itself when it holds `limit` entries. The loader's caches of shared values
 * (names, ranges, ports, protocol lists, next hops) stay small for a real snapshot, but an input made
 * to defeat them could otherwise grow them without bound.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.size >= this.limit) this.clear();
    return super.set(key, value);
  }
}

/**
 * The connectors of a project and region. groupedBy caches a grouping by its name, so two rules that
 * each wrote the name and its key function would silently share whichever ran first: both use this.
 */
export function connectorsIn(model: Model, project: string, region: string): readonly Connector[] {
  return groupedBy(model.connectors, 'project-region', (c) => `${c.project}|${c.region}`, `${project}|${region}`);
}
