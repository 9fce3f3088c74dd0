import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probeOverlaps, type Interval } from '../src/overlap.js';

const iv = (start: number, end: number, probe: boolean, value: string): Interval<string> => ({ start, end, probe, value });
const key = (pairs: [Interval<string>, Interval<string>][]) => pairs.map(([a, b]) => [a.value, b.value].sort().join('~')).sort();

describe('probeOverlaps', () => {
  it('reports pairs with a probe only, including touching and nested ranges', () => {
    const result = probeOverlaps([
      iv(0, 99, false, 'big'),
      iv(10, 19, false, 'inner'),
      iv(16, 31, true, 'conn-a'),
      iv(31, 46, true, 'conn-b'),
      iv(200, 215, true, 'alone'),
    ]);
    expect(key(result.pairs)).toEqual(['big~conn-a', 'big~conn-b', 'conn-a~conn-b', 'conn-a~inner']);
    for (const [a] of result.pairs) expect(a.probe).toBe(true);
  });

  it('agrees with pairwise comparison', () => {
    const arb = fc.array(fc.record({ start: fc.integer({ min: 0, max: 200 }), len: fc.integer({ min: 0, max: 40 }), probe: fc.boolean() }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, (raw) => {
        const items = raw.map((r, i) => iv(r.start, r.start + r.len, r.probe, `i${i}`));
        const brute: [Interval<string>, Interval<string>][] = [];
        for (let i = 0; i < items.length; i++)
          for (let j = i + 1; j < items.length; j++) {
            const a = items[i]!;
            const b = items[j]!;
            if ((a.probe || b.probe) && a.start <= b.end && b.start <= a.end) brute.push([a, b]);
          }
        expect(key(probeOverlaps(items).pairs)).toEqual(key(brute));
      }),
    );
  });

  it('stays O(n log n) on a large network: 100,000 subnets and 2,000 connectors', () => {
    const items: Interval<string>[] = [];
    // Disjoint /24 subnets from 10.0.0.0 upward, and /28 connectors each inside one of them.
    const base = 10 * 2 ** 24;
    for (let i = 0; i < 100_000; i++) items.push(iv(base + i * 256, base + i * 256 + 255, false, `s${i}`));
    for (let i = 0; i < 2_000; i++) {
      const start = base + i * 50 * 256 + 64;
      items.push(iv(start, start + 15, true, `c${i}`));
    }
    // Shuffle deterministically so the sort does real work.
    for (let i = items.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    const n = items.length;
    const { pairs, comparisons } = probeOverlaps(items);
    expect(pairs.length).toBe(2_000);
    // A pairwise check needs n²/2 ≈ 5.2e9 comparisons; the sweep a small multiple of n·log2(n).
    expect(comparisons).toBeLessThan(4 * n * Math.log2(n));
  });
});
