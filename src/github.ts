// GitHub's published address ranges (src/data/github-ranges.ts): what a firewall rule must open for a
// workload that clones from or calls GitHub, and whether an address is GitHub's.
import { mergeCidrs } from './cidr-merge.js';
import { GITHUB_RANGES } from './data/github-ranges.js';
import { parseCidr, parseIpv4, type Cidr } from './ip.js';

export { GITHUB_RANGES, type GithubRanges } from './data/github-ranges.js';

/**
 * The api.github.com/meta lists that git over HTTPS and SSH and API clients connect to ("hooks",
 * "actions", "pages", ... are addresses GitHub connects from, or other services).
 */
export const GITHUB_META_KEYS = ['web', 'api', 'git'] as const;


/** GITHUB_RANGES.ipv4, parsed. */
export const GITHUB_CIDRS: readonly Cidr[] = GITHUB_RANGES.ipv4.map((t) => parseCidr(t)!);

/** True when the IPv4 address (dotted, or an unsigned 32-bit integer) is in GitHub's published ranges. */
export function isGithubAddress(ip: string | number): boolean {
  const value = typeof ip === 'number' ? ip : parseIpv4(ip);
  return value !== undefined && GITHUB_CIDRS.some((r) => r.start <= value && value <= r.end);
}

/**
 * The IPv4 ranges of the given lists of an api.github.com/meta response, merged into the fewest CIDRs,
 * sorted. Throws when a list is missing or an entry is not a CIDR: a changed response must not
 * silently shrink the ranges.
 */
export function rangesFromMeta(meta: unknown, keys: readonly string[] = GITHUB_META_KEYS): string[] {
  const ranges: Cidr[] = [];
  for (const key of keys) {
    const list = (meta as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(list) || list.length === 0) throw new Error(`api.github.com/meta: "${key}" is not a list of ranges`);
    for (const text of list) {
      const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
      if (!cidr) throw new Error(`api.github.com/meta: "${key}" holds ${JSON.stringify(text)}, not a CIDR`);
      ranges.push(cidr);
    }
  }
  return mergeCidrs(ranges).map((c) => c.text);
}
