// Merging IPv4 ranges: the sorted union as intervals, and as the fewest CIDRs that cover it exactly
// (a firewall rule's destination ranges, a published list deduplicated).
import { cidrOf, type Cidr } from './ip.js';

export interface Interval {
  /** Inclusive bounds, IPv4 as unsigned 32-bit integers. */
  start: number;
  end: number;
}

/** The IPv4 ranges' union as sorted, disjoint intervals; overlapping or touching ranges are joined. IPv6 is left out. */
export function mergeIntervals(ranges: readonly Cidr[]): Interval[] {
  const sorted = ranges
    .filter((r) => r.family === 4)
    .map((r) => ({ start: r.start, end: r.end }))
    .sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push(r);
  }
  return out;
}

/** The fewest CIDRs, sorted, that cover exactly the union of the IPv4 ranges (IPv6 is left out). */
export function mergeCidrs(ranges: readonly Cidr[]): Cidr[] {
  const out: Cidr[] = [];
  for (const { start, end } of mergeIntervals(ranges)) {
    // From the start, the largest aligned block that fits before the end, repeatedly.
    for (let at = start; at <= end; ) {
      let size = 1;
      while (at % (size * 2) === 0 && at + size * 2 - 1 <= end) size *= 2;
      out.push(cidrOf(at, 32 - Math.log2(size)));
      at += size;
    }
  }
  return out;
}
