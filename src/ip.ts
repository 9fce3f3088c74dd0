// IPv4 interval math. This is a hot path (every subnet, rule and route of a large snapshot goes
// through it), so IPv4 is parsed by hand into unsigned 32-bit integers; IPv6 is validated with
// ip-cidr and carried along (egress-lint traces IPv4 egress; IPv6 ranges never match an IPv4 packet).
import { createRequire } from 'node:module';
import { BoundedMap } from './lookup.js';

// ip-cidr (and ip-address under it) is loaded on the first IPv6 range only: IPv4 is parsed by hand
// below, most inputs hold no IPv6, and loading them was part of the cold start (npm run bench "cold start").
let ipCidr: typeof import('ip-cidr').default | undefined;
const IPCIDR = () => (ipCidr ??= (createRequire(import.meta.url)('ip-cidr') as typeof import('ip-cidr')).default);

export interface Cidr {
  /** As written in the input, e.g. "10.8.0.0/28". */
  text: string;
  family: 4 | 6;
  prefix: number;
  /** First and last address as unsigned 32-bit integers (IPv4 only; 0 for IPv6). */
  start: number;
  end: number;
}

/** Parses a dotted IPv4 address; returns undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  let value = 0;
  let octet = -1;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (octet < 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = -1;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero ("010") is ambiguous
      octet = octet < 0 ? c - 48 : octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || octet < 0) return undefined;
  return value * 256 + octet;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/**
 * Parses "a.b.c.d/n", a bare IPv4 address (a /32), or an IPv6 CIDR. Returns undefined when invalid.
 * Host bits set below the prefix are accepted (the APIs normalise them) and ignored.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (addr.includes(':')) {
    const withPrefix = prefixText === undefined ? `${addr}/128` : text;
    if (!IPCIDR().isValidCIDR(withPrefix)) return undefined;
    return { text, family: 6, prefix: Number(prefixText ?? 128), start: 0, end: 0 };
  }
  const ip = parseIpv4(addr);
  if (ip === undefined) return undefined;
  let prefix = 32;
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > 32) return undefined;
  }
  const size = 2 ** (32 - prefix);
  const start = ip - (ip % size);
  return { text, family: 4, prefix, start, end: start + size - 1 };
}

export function cidrOf(start: number, prefix: number): Cidr {
  const size = 2 ** (32 - prefix);
  const base = start - (start % size);
  return { text: `${formatIpv4(base)}/${prefix}`, family: 4, prefix, start: base, end: base + size - 1 };
}

// Every range of a snapshot is parsed twice (its schema's "cidr" format, then the normaliser) and
// many recur on thousands of rules (0.0.0.0/0, health-check ranges): one parsed object per text,
// shared (ranges are never mutated), saves the second parse and most of the allocation (npm run
// bench, phase "normalise"). Cleared when it grows large.
const sharedRanges = new BoundedMap<string, Cidr>(200_000);

/** parseCidr, remembered by text: equal texts give the same (immutable) object. */
export function sharedCidr(text: string): Cidr | undefined {
  let cidr = sharedRanges.get(text);
  if (cidr === undefined) {
    cidr = parseCidr(text);
    if (cidr === undefined) return undefined;
    sharedRanges.set(text, cidr);
  }
  return cidr;
}

export function contains(range: Cidr, ip: number): boolean {
  return range.family === 4 && range.start <= ip && ip <= range.end;
}

/** The IPv4 ranges sorted and merged where they overlap or touch: an address lies in at most one. */
export function mergedIpv4(ranges: readonly Cidr[]): readonly Cidr[] {
  // Most rules name one range: nothing to sort or merge, and no copy (the index builds this for every rule).
  if (ranges.length === 1 && ranges[0]!.family === 4) return ranges;
  const merged: Cidr[] = [];
  for (const r of ranges.filter((x) => x.family === 4).sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1) merged[merged.length - 1] = { ...last, end: Math.max(last.end, r.end) };
    else merged.push(r);
  }
  return merged;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === 4 && b.family === 4 && a.start <= b.end && b.start <= a.end;
}

/** RFC 1918 and RFC 6598: the private addresses, which the internet gateway does not route. */
export const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(
  (t) => parseCidr(t)!,
);

/** private.googleapis.com and restricted.googleapis.com VIPs (https://cloud.google.com/vpc/docs/configure-private-google-access). */
export const GOOGLE_API_VIPS: readonly Cidr[] = ['199.36.153.8/30', '199.36.153.4/30'].map((t) => parseCidr(t)!);

/** Serverless infrastructure range that connector VMs talk to (facts 2.2, 6.5). */
export const SERVERLESS_INFRA_RANGE: Cidr = parseCidr('35.199.224.0/19')!;

/** Google health-check ranges used for connectors (facts 2.2, 2.3). */
export const HEALTH_CHECK_RANGES: readonly Cidr[] = ['35.191.0.0/16', '130.211.0.0/22', '108.170.220.0/23'].map(
  (t) => parseCidr(t)!,
);

/** Auto-mode networks reserve 10.128.0.0/9 (facts 1.3). */
export const AUTO_MODE_RANGE: Cidr = parseCidr('10.128.0.0/9')!;

/** True when the address is in RFC 1918 / RFC 6598 space. A plain loop: it runs for every subnet of every grouping. */
export function isPrivateAddress(ip: number): boolean {
  for (const r of PRIVATE_RANGES) if (contains(r, ip)) return true;
  return false;
}

/**
 * What the egress setting private-ranges-only sends into the VPC: private addresses and the Private
 * Google Access VIPs (https://cloud.google.com/run/docs/configuring/vpc-direct-vpc).
 */
export function sentIntoVpcByPrivateRangesOnly(ip: number): boolean {
  if (isPrivateAddress(ip)) return true;
  for (const r of GOOGLE_API_VIPS) if (contains(r, ip)) return true;
  return false;
}

/** True when the whole range lies inside RFC 1918 / RFC 6598 space. */
export function isPrivateRange(range: Cidr): boolean {
  return range.family === 4 && PRIVATE_RANGES.some((p) => p.start <= range.start && range.end <= p.end);
}
