// The coverage record: which collections the input holds completely, per project and region.
import type { Collection, Coverage, CoverageEntry, CoverageFailure } from '../model.js';

export class CoverageRecord implements Coverage {
  private readonly seen = new Set<string>();
  private readonly all: CoverageEntry[] = [];
  /** Regions ('*': all) of each `collection|project` that a deploy layer left unknown. */
  private readonly unknown = new Map<string, Set<string>>();
  readonly failures: CoverageFailure[] = [];

  add(entry: CoverageEntry): void {
    const key = `${entry.collection}|${entry.project}|${entry.region ?? entry.network ?? '*'}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { collection, project, region, network } = entry;
    this.all.push({ collection, project, ...(region === undefined ? {} : { region }), ...(network === undefined ? {} : { network }) });
  }

  addFailure(failure: CoverageFailure): void {
    this.failures.push(failure);
  }

  /**
   * A collection no longer known completely, whatever was seen: a deploy layer changes one of its
   * resources in a way known only after the deploy. Recorded as a failure, so the run is incomplete.
   */
  addUnknown(failure: CoverageFailure): void {
    const key = `${failure.collection}|${failure.project}`;
    if (!this.unknown.has(key)) this.unknown.set(key, new Set());
    this.unknown.get(key)!.add(failure.region ?? '*');
    this.failures.push(failure);
  }

  has(collection: Collection, project: string, region?: string): boolean {
    const unknown = this.unknown.get(`${collection}|${project}`);
    if (unknown && (region === undefined || unknown.has('*') || unknown.has(region))) return false;
    if (this.seen.has(`${collection}|${project}|*`)) return true;
    return region !== undefined && this.seen.has(`${collection}|${project}|${region}`);
  }

  hasNetwork(collection: Collection, network: string): boolean {
    const project = /projects\/([^/]+)\//.exec(network)?.[1] ?? '';
    return this.seen.has(`${collection}|${project}|${network}`) || this.seen.has(`${collection}|${project}|*`);
  }

  entries(): CoverageEntry[] {
    return [...this.all].sort(compareEntries);
  }
}

// Orders as localeCompare() does (the spec defines it by this collator) at a fraction of the cost per call.
const ORDER = new Intl.Collator();

export function compareEntries(a: CoverageEntry, b: CoverageEntry): number {
  return (
    ORDER.compare(a.project, b.project) ||
    ORDER.compare(a.collection, b.collection) ||
    ORDER.compare(a.region ?? '', b.region ?? '') ||
    ORDER.compare(a.network ?? '', b.network ?? '')
  );
}

/** "routers for project p in europe-west2" — for not-evaluated reasons and caveats. */
export function describeEntry(e: CoverageEntry): string {
  const where = e.network ? ` for network ${e.network.replace(/^.*\/networks\//, '')}` : e.region ? ` in ${e.region}` : '';
  return `${e.collection} of project "${e.project}"${where}`;
}
