// The coverage record: which collections the input holds completely, per project and region.
import type { Collection, Coverage, CoverageEntry, CoverageFailure } from '../model.js';
import { projectInLink } from '../names.js';

/** collection → project → the regions and networks seen ('*': the whole project). */
type Scopes = Map<Collection, Map<string, Set<string>>>;

function scopesOf(scopes: Scopes, collection: Collection, project: string): Set<string> {
  let byProject = scopes.get(collection);
  if (!byProject) scopes.set(collection, (byProject = new Map()));
  let set = byProject.get(project);
  if (!set) byProject.set(project, (set = new Set()));
  return set;
}

// Nested maps rather than joined string keys: the engine asks has() for every trace it builds.
export class CoverageRecord implements Coverage {
  private readonly seen: Scopes = new Map();
  private readonly all: CoverageEntry[] = [];
  /** Regions ('*': all) of each collection and project that a deploy layer left unknown. */
  private readonly unknown: Scopes = new Map();
  readonly failures: CoverageFailure[] = [];

  add(entry: CoverageEntry): void {
    const seen = scopesOf(this.seen, entry.collection, entry.project);
    const scope = entry.region ?? entry.network ?? '*';
    if (seen.has(scope)) return;
    seen.add(scope);
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
    scopesOf(this.unknown, failure.collection, failure.project).add(failure.region ?? '*');
    this.failures.push(failure);
  }

  has(collection: Collection, project: string, region?: string): boolean {
    const unknown = this.unknown.get(collection)?.get(project);
    if (unknown && (region === undefined || unknown.has('*') || unknown.has(region))) return false;
    const seen = this.seen.get(collection)?.get(project);
    return seen !== undefined && (seen.has('*') || (region !== undefined && seen.has(region)));
  }

  hasNetwork(collection: Collection, network: string): boolean {
    const seen = this.seen.get(collection)?.get(projectInLink(network) ?? '');
    return seen !== undefined && (seen.has(network) || seen.has('*'));
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
