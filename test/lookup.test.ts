// byId answers as a map of the collection would (the last resource with the id), whether the
// collection is sorted by id (binary search) or not (a map).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { BoundedMap, byId } from '../src/lookup.js';

it('byId finds what a map by id finds, in sorted and unsorted collections (seed 5)', () => {
  const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', '//x/1', '//x/10', '//x/2', ''), { maxLength: 12 });
  fc.assert(
    fc.property(ids, fc.boolean(), fc.constantFrom('a', 'c', 'e', '//x/10', '', 'z'), (list, sort, id) => {
      const names = sort ? [...new Set(list)].sort() : list;
      const collection = names.map((name, i) => ({ id: name, i }));
      const map = new Map(collection.map((r) => [r.id, r]));
      expect(byId(collection, id)).toBe(map.get(id));
    }),
    { seed: 5, numRuns: 3000 },
  );
  expect(byId([{ id: 'a' }], undefined)).toBeUndefined();
});

it('a BoundedMap empties itself when full, so a hostile input cannot grow a cache without bound', () => {
  const cache = new BoundedMap<number, number>(3);
  for (let i = 0; i < 3; i++) cache.set(i, i);
  expect([...cache.keys()]).toEqual([0, 1, 2]);
  cache.set(3, 3);
  expect([...cache.entries()]).toEqual([[3, 3]]);
});
