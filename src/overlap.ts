// Interval sweep: every overlapping pair that involves a "probe" interval (e.g. a connector /28)
// among many others (subnet ranges, PSA ranges...), in O(n log n + k) for n intervals and k pairs
// reported. Intervals are sorted by start once; a sweep keeps the intervals still open in two
// min-heaps keyed on their end (probes and others), so each interval enters and leaves once, and
// every interval left open when a new one starts overlaps it. Pairs of two non-probes are never
// enumerated, so a snapshot with many mutually overlapping ranges stays cheap.

export interface Interval<T> {
  /** Inclusive bounds (IPv4 as unsigned 32-bit integers). */
  start: number;
  end: number;
  probe: boolean;
  value: T;
}

export interface SweepResult<T> {
  /** Overlapping pairs; the first element is always a probe. */
  pairs: [Interval<T>, Interval<T>][];
  /** Comparisons made by the sort and the heaps, for the complexity test. */
  comparisons: number;
}

class EndHeap<T> {
  readonly items: Interval<T>[] = [];
  constructor(private readonly counter: { comparisons: number }) {}

  private less(a: Interval<T>, b: Interval<T>): boolean {
    this.counter.comparisons++;
    return a.end < b.end;
  }

  push(x: Interval<T>): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Removes every interval that ends before `start`. */
  closeBefore(start: number): void {
    const h = this.items;
    while (h.length > 0 && (this.counter.comparisons++, h[0]!.end < start)) {
      const last = h.pop()!;
      if (h.length === 0) break;
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
  }
}

export function probeOverlaps<T>(intervals: readonly Interval<T>[]): SweepResult<T> {
  const counter = { comparisons: 0 };
  const sorted = [...intervals].sort((a, b) => {
    counter.comparisons++;
    return a.start - b.start;
  });
  const probes = new EndHeap<T>(counter);
  const others = new EndHeap<T>(counter);
  const pairs: [Interval<T>, Interval<T>][] = [];
  for (const x of sorted) {
    probes.closeBefore(x.start);
    others.closeBefore(x.start);
    for (const p of probes.items) pairs.push([p, x]);
    if (x.probe) for (const o of others.items) pairs.push([x, o]);
    (x.probe ? probes : others).push(x);
  }
  return { pairs, comparisons: counter.comparisons };
}
