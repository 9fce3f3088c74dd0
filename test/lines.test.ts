import { describe, expect, it } from 'vitest';
import { linesOfPointers } from '../src/load/lines.js';

describe('linesOfPointers', () => {
  const text = `{
  "items": {
    "regions/r": {
      "subnetworks": [
        {"name": "a"},
        {
          "name": "b",
          "x": [1, [2, 3], {"y": 4}]
        }
      ]
    }
  },
  "z": 5
}`;
  it('maps pointers, including escaped keys and nested arrays, to 1-based lines', () => {
    const got = linesOfPointers(
      text,
      new Set([
        '',
        '/items',
        '/items/regions~1r/subnetworks/0',
        '/items/regions~1r/subnetworks/1',
        '/items/regions~1r/subnetworks/1/name',
        '/items/regions~1r/subnetworks/1/x/1/1',
        '/items/regions~1r/subnetworks/1/x/2/y',
        '/z',
        '/missing',
      ]),
    );
    expect(Object.fromEntries(got)).toEqual({
      '': 1,
      '/items': 2,
      '/items/regions~1r/subnetworks/0': 5,
      '/items/regions~1r/subnetworks/1': 6,
      '/items/regions~1r/subnetworks/1/name': 7,
      '/items/regions~1r/subnetworks/1/x/1/1': 8,
      '/items/regions~1r/subnetworks/1/x/2/y': 8,
      '/z': 13,
    });
  });
});
