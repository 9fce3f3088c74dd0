// decideAll decides many peers in one sweep per rule (issue 7). It must decide each peer exactly as
// evaluating the rules one by one for that peer would: checked against that plain walk (the oracle
// below, written from facts 7.1–7.3) on random views, and equal decisions must be one object.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAll, firewallView, peerSet, restrictTo, type FirewallDecision, type FirewallView, type SourceIdentity, type ViewStage } from '../src/engine/firewall.js';
import { buildIndex, type Candidate } from '../src/engine/model-index.js';
import { build, seedDocs } from './engine-helpers.js';
import { mergedIpv4, parseCidr, type Cidr } from '../src/ip.js';

const UNEVALUABLE_ONLY = 'matches on FQDN, geolocation or address groups, which cannot be evaluated offline';
const UNEVALUABLE_ALSO = 'also matches on FQDN, geolocation or address groups, which cannot be evaluated offline';

/** The plain walk: stages in order, rules in order, first applicable match decides. */
function oracle(view: FirewallView, peer: number): Omit<FirewallDecision, 'label'> & { label: string } {
  const uncertain: FirewallDecision['uncertain'] = [];
  const caveats: string[] = [];
  stages: for (const stage of view.stages) {
    for (const c of stage.applicable) {
      const maybe = stage.maybe?.get(c);
      const inRanges = c.peerRanges.some((r) => r.family === 4 && r.start <= peer && peer <= r.end);
      let why = maybe;
      if (c.peerRanges.length === 0) why ??= c.unevaluable ? UNEVALUABLE_ONLY : undefined;
      else if (!inRanges) {
        if (!c.unevaluable) continue;
        why ??= UNEVALUABLE_ALSO;
      }
      if (why) {
        if (c.action === 'allow' || c.action === 'deny') uncertain.push({ resource: c.resource, label: c.label, action: c.action, why });
        continue;
      }
      if (c.action === 'goto_next') continue stages;
      if (c.action === 'apply_security_profile_group') caveats.push(`${c.label} sends the packet to a security profile group (L7 inspection), which can still block it`);
      const action = c.action === 'deny' ? 'deny' : 'allow';
      return { action, resource: c.resource, label: `${stage.label}: ${c.label}`, priority: c.priority, by: c, uncertain: uncertain.filter((u) => u.action !== action), caveats };
    }
  }
  const action = view.direction === 'EGRESS' ? 'allow' : 'deny';
  return { action, resource: undefined, label: `implied ${action} ${view.direction.toLowerCase()}`, priority: undefined, by: undefined, uncertain: uncertain.filter((u) => u.action !== action), caveats };
}

// Addresses from a small space so that ranges and peers collide often.
const SPACE = 64;
const range = fc.tuple(fc.nat(SPACE - 1), fc.nat(16)).map(([start, size]): Cidr => ({ text: `r${start}+${size}`, family: 4, prefix: 32, start, end: Math.min(SPACE - 1, start + size) }));
const v6: Cidr = { text: '::/0', family: 6, prefix: 0, start: 0, end: 0 };
const candidate = fc.record({
  action: fc.constantFrom<Candidate['action']>('allow', 'deny', 'allow', 'deny', 'goto_next', 'apply_security_profile_group'),
  peerRanges: fc.oneof(fc.constant([]), fc.array(range, { minLength: 1, maxLength: 3 }), fc.constant([v6])),
  unevaluable: fc.boolean(),
  maybe: fc.option(fc.constantFrom('targets service accounts', 'its source ranges cover only part'), { freq: 5 }),
});
const viewArb = fc.record({
  direction: fc.constantFrom<'EGRESS' | 'INGRESS'>('EGRESS', 'INGRESS'),
  stages: fc.array(fc.array(candidate, { maxLength: 8 }), { minLength: 1, maxLength: 3 }),
});

let seq = 0;
type RandomView = { direction: 'EGRESS' | 'INGRESS'; stages: { action: Candidate['action']; peerRanges: Cidr[]; unevaluable: boolean; maybe: string | null }[][] };

function toView(arb: RandomView): FirewallView {
  return {
    direction: arb.direction,
    stages: arb.stages.map((rules, s) => {
      const stage: ViewStage = { label: `stage ${s}`, applicable: [] };
      rules.forEach((r, i) => {
        const c: Candidate = {
          seq: seq++,
          resource: `rule-${s}-${i}`,
          label: `rule ${s}/${i}`,
          priority: i,
          action: r.action,
          peerRanges: r.peerRanges,
          peerIntervals: mergedIpv4(r.peerRanges),
          sourceRanges: [],
          matches: [],
          targetTags: [],
          targetServiceAccounts: [],
          targetSecureTags: [],
          targetResources: [],
          unevaluable: r.unevaluable,
          sourceOnlyByIdentity: false,
        };
        stage.applicable.push(c);
        if (r.maybe) (stage.maybe ??= new Map()).set(c, r.maybe);
      });
      return stage;
    }),
  };
}

describe('decideAll', () => {
  it('decides every peer as the rule-by-rule walk does (2,000 random views, seed 7)', () => {
    fc.assert(
      fc.property(viewArb, fc.array(fc.nat(SPACE - 1), { minLength: 1, maxLength: 40 }), (arb, peers) => {
        const view = toView(arb);
        const all = decideAll(view, peerSet(peers));
        peers.forEach((peer, i) => expect(all[i]).toEqual(oracle(view, peer)));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('gives equal decisions as one object, so peers can be grouped by decision', () => {
    fc.assert(
      fc.property(viewArb, fc.array(fc.nat(SPACE - 1), { minLength: 2, maxLength: 40 }), (arb, peers) => {
        const all = decideAll(toView(arb), peerSet(peers));
        for (const a of all) for (const b of all) expect(a === b).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  it('a broad allow decides every peer; a later deny of one range decides none', () => {
    const view = toView({
      direction: 'EGRESS',
      stages: [
        [
          { action: 'deny', peerRanges: [{ text: '10-20', family: 4, prefix: 32, start: 10, end: 20 }], unevaluable: false, maybe: null },
          { action: 'allow', peerRanges: [], unevaluable: false, maybe: null },
          { action: 'deny', peerRanges: [{ text: '30-40', family: 4, prefix: 32, start: 30, end: 40 }], unevaluable: false, maybe: null },
        ],
      ],
    });
    const [a, b, c, d] = decideAll(view, peerSet([15, 35, 5, 12]));
    expect([a!.action, b!.action, c!.action, d!.action]).toEqual(['deny', 'allow', 'allow', 'deny']);
    expect(a).toBe(d);
    expect(b).toBe(c);
  });

  it('a view restricted to a set of peers decides them as the whole view does (1,000 random views, seed 9)', () => {
    fc.assert(
      fc.property(viewArb, fc.array(fc.nat(SPACE - 1), { minLength: 1, maxLength: 40 }), (arb, list) => {
        const view = toView(arb);
        const peers = peerSet(list);
        expect(decideAll(restrictTo(view, peers), peers)).toEqual(decideAll(view, peers));
      }),
      { seed: 9, numRuns: 1000 },
    );
  });

  it('views that differ only in rules for other addresses restrict to one object', () => {
    const range = (start: number, end: number): Cidr => ({ text: `${start}-${end}`, family: 4, prefix: 32, start, end });
    const [allow, denyElsewhere, denyHere] = toView({
      direction: 'EGRESS',
      stages: [
        [
          { action: 'allow', peerRanges: [], unevaluable: false, maybe: null },
          { action: 'deny', peerRanges: [range(50, 60)], unevaluable: false, maybe: null },
          { action: 'deny', peerRanges: [range(2, 2)], unevaluable: false, maybe: null },
        ],
      ],
    }).stages[0]!.applicable as [Candidate, Candidate, Candidate];
    const view = (...applicable: Candidate[]): FirewallView => ({ direction: 'EGRESS', stages: [{ label: 'stage 0', applicable }] });
    const peers = peerSet([1, 2, 3]);
    expect(restrictTo(view(denyElsewhere, allow), peers)).toBe(restrictTo(view(allow), peers));
    expect(restrictTo(view(denyHere, allow), peers)).not.toBe(restrictTo(view(allow), peers));
  });
});

describe('firewallView', () => {
  it('gives sources alike one view on a network without VPC firewall rules of its own', () => {
    // A network only a subnet names has no VPC rules in the index: it shares the index's one empty VPC stage.
    const docs = seedDocs();
    const other = structuredClone(docs['subnetworks.json'].items['regions/europe-west2'].subnetworks[0]);
    Object.assign(other, { name: 'lonely', network: other.network.replace(/my-vpc$/, 'unlisted'), selfLink: other.selfLink.replace(/my-subnet$/, 'lonely') });
    docs['subnetworks.json'].items['regions/europe-west2'].subnetworks.push(other);
    const index = buildIndex(build(docs));
    const n = [...index.networks.values()].find((x) => x.id.endsWith('/networks/unlisted'))!;
    const source = (): SourceIdentity => ({ network: n.id, region: 'europe-west2', range: parseCidr('10.0.0.0/28')!, tags: [], connector: false });
    const p = { direction: 'EGRESS' as const, protocol: 'tcp' as const, port: 443 };
    expect(firewallView(n, source(), p)).toBe(firewallView(n, source(), p));
  });
});
