// Lookups over the model's collections, built once per collection array and shared by every rule:
// a rule that searched a collection for each trace or resource would be quadratic on large snapshots.

const byIdCache = new WeakMap<readonly { id: string }[], Map<string, { id: string }>>();
const groupCache = new WeakMap<readonly object[], Map<string, Map<string, object[]>>>();

/** The resource with this id in the collection. */
export function byId<T extends { id: string }>(collection: readonly T[], id: string | undefined): T | undefined {
  let map = byIdCache.get(collection);
  if (!map) byIdCache.set(collection, (map = new Map(collection.map((r) => [r.id, r]))));
  return id === undefined ? undefined : (map.get(id) as T | undefined);
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
