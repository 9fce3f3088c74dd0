import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeCidrs } from '../src/cidr-merge.js';
import { INTERNET } from '../src/engine/destinations.js';
import { GITHUB_CIDRS, GITHUB_RANGES, isGithubAddress, rangesFromMeta } from '../src/github.js';
import { cidrOf, parseCidr, parseIpv4 } from '../src/ip.js';

describe('GITHUB_RANGES', () => {
  it('says where and when the ranges were taken', () => {
    expect(GITHUB_RANGES.source).toBe('https://api.github.com/meta');
    expect(GITHUB_RANGES.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(GITHUB_RANGES.keys).toEqual(['web', 'api', 'git']);
    if (GITHUB_RANGES.via) expect(GITHUB_RANGES.via).toMatch(/^https:\/\//);
  });

  it('holds IPv4 CIDRs only, each as parseCidr writes it back', () => {
    expect(GITHUB_RANGES.ipv4.length).toBeGreaterThan(0);
    for (const text of GITHUB_RANGES.ipv4) {
      const cidr = parseCidr(text);
      expect(cidr?.family, text).toBe(4);
      expect(text).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    }
  });

  it('is sorted and merged: merging it again changes nothing', () => {
    expect(mergeCidrs(GITHUB_CIDRS).map((c) => c.text)).toEqual(GITHUB_RANGES.ipv4);
    for (let i = 1; i < GITHUB_CIDRS.length; i++) expect(GITHUB_CIDRS[i - 1]!.end).toBeLessThan(GITHUB_CIDRS[i]!.start);
  });

  it("holds egress-lint's default internet destination, 140.82.112.3 (GitHub, facts §10)", () => {
    expect(INTERNET.ip).toBe('140.82.112.3');
    expect(isGithubAddress('140.82.112.3')).toBe(true);
    expect(isGithubAddress(parseIpv4('140.82.112.3')!)).toBe(true);
    expect(GITHUB_RANGES.ipv4).toContain('140.82.112.0/20');
  });

  it('does not hold addresses outside the ranges', () => {
    expect(isGithubAddress('140.82.128.1')).toBe(false);
    expect(isGithubAddress('142.250.0.1')).toBe(false);
    expect(isGithubAddress('10.8.0.1')).toBe(false);
    expect(isGithubAddress('not an address')).toBe(false);
  });
});

describe('rangesFromMeta', () => {
  const meta = {
    web: ['192.30.252.0/22', '140.82.112.0/20', '2a0a:a440::/29'],
    api: ['140.82.112.0/20', '20.175.192.149/32'],
    git: ['20.175.192.146/32', '20.175.192.147/32', '20.175.192.148/32'],
    hooks: ['1.2.3.0/24'],
  };

  it('merges the IPv4 ranges of web, api and git into the fewest sorted CIDRs, leaving IPv6 and other lists out', () => {
    expect(rangesFromMeta(meta)).toEqual(['20.175.192.146/31', '20.175.192.148/31', '140.82.112.0/20', '192.30.252.0/22']);
  });

  it('refuses a response without a list or with an entry that is not a CIDR', () => {
    expect(() => rangesFromMeta({ web: ['140.82.112.0/20'], api: ['140.82.112.0/20'] })).toThrow(/"git"/);
    expect(() => rangesFromMeta({ ...meta, api: ['140.82.112.0/20', 'nope'] })).toThrow(/"api" holds "nope"/);
    expect(() => rangesFromMeta(null)).toThrow(/"web"/);
  });
});

describe('mergeCidrs', () => {
  const texts = (list: string[]) => mergeCidrs(list.map((t) => parseCidr(t)!)).map((c) => c.text);

  it('joins overlapping, nested and adjacent ranges into aligned blocks', () => {
    expect(texts(['10.0.0.0/25', '10.0.0.128/25', '10.0.0.64/26'])).toEqual(['10.0.0.0/24']);
    expect(texts(['10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32', '10.0.0.4/32'])).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/32']);
    expect(texts(['0.0.0.0/1', '128.0.0.0/1'])).toEqual(['0.0.0.0/0']);
  });

  it('writes host bits as the block', () => {
    expect(texts(['10.0.0.5/24'])).toEqual(['10.0.0.0/24']);
  });

  it('covers exactly the addresses of its input, with blocks that cannot be joined further', () => {
    const arb = fc.array(fc.record({ at: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 26, max: 32 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(arb, (raw) => {
        const input = raw.map((r) => cidrOf(r.at, r.prefix));
        const merged = mergeCidrs(input);
        for (let ip = 0; ip < 320; ip++)
          expect(merged.some((c) => c.start <= ip && ip <= c.end)).toBe(input.some((c) => c.start <= ip && ip <= c.end));
        expect(mergeCidrs(merged)).toEqual(merged);
      }),
    );
  });
});
