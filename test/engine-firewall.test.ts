// Firewall evaluation order (facts 7.1–7.5), through small raw-JSON models.
import { describe, expect, it } from 'vitest';
import { INTERNET } from '../src/engine/destinations.js';
import { traceAll, traceOne, traceSession } from '../src/engine/trace.js';
import { fixLine } from './engine-helpers.js';
import type { Model } from '../src/model.js';
import { addFirewall, allow, build, deny, directVpc, job, seedDocs, setPolicies } from './engine-helpers.js';

const trace = (m: Model) => traceOne(traceSession(m), m.workloads[0]!, INTERNET);
const decided = (m: Model) => {
  const t = trace(m);
  return [t.verdict, t.facts.firewallAction, t.facts.firewallRule?.replace(/^.*\//, '')];
};
const policy = (type: string, name: string, rules: Record<string, unknown>[]) => ({ name, type, rules });
const egressRule = (priority: number, action: string, extra: Record<string, unknown> = {}) => ({
  priority,
  direction: 'EGRESS',
  action,
  match: { destIpRanges: ['0.0.0.0/0'], layer4Configs: [{ ipProtocol: 'all' }] },
  ...extra,
});

describe('VPC firewall rules', () => {
  it('deny wins a priority tie (facts 7.1)', () => {
    const d = addFirewall(addFirewall(seedDocs(), 'a-allow', { priority: 500, ...allow() }), 'z-deny', { priority: 500, ...deny() });
    expect(decided(build(d))).toEqual(['UNREACHABLE', 'deny', 'z-deny']);
  });
  it('the lower priority number wins', () => {
    const d = addFirewall(addFirewall(seedDocs(), 'allow-gh', { priority: 400, ...allow(['140.82.112.0/20']) }), 'deny-all', { priority: 500, ...deny() });
    expect(decided(build(d))).toEqual(['REACHABLE', 'allow', 'allow-gh']);
  });
  it('disabled rules are skipped', () => {
    expect(decided(build(addFirewall(seedDocs(), 'deny-all', { priority: 500, disabled: true, ...deny() })))).toEqual(['REACHABLE', 'allow', undefined]);
  });
  it('ports and protocols must match', () => {
    const d = addFirewall(seedDocs(), 'deny-22', { priority: 500, destinationRanges: ['0.0.0.0/0'], denied: [{ IPProtocol: 'tcp', ports: ['22', '400-442'] }] });
    expect(decided(build(d))[1]).toBe('allow');
    const e = addFirewall(seedDocs(), 'deny-443', { priority: 500, destinationRanges: ['0.0.0.0/0'], denied: [{ IPProtocol: 'tcp', ports: ['440-450'] }] });
    expect(decided(build(e))[1]).toBe('deny');
    const u = addFirewall(seedDocs(), 'deny-udp', { priority: 500, destinationRanges: ['0.0.0.0/0'], denied: [{ IPProtocol: 'udp' }] });
    expect(decided(build(u))[1]).toBe('allow');
  });
  it('IPv6 destination ranges never match', () => {
    expect(decided(build(addFirewall(seedDocs(), 'deny-v6', { priority: 500, ...deny(['::/0']) })))[1]).toBe('allow');
  });
  it('target tags: connector tags match, other tags do not; Direct VPC network tags match', () => {
    expect(decided(build(addFirewall(seedDocs(), 'deny', { priority: 500, targetTags: ['vpc-connector-europe-west2-vpc-conn-europe'], ...deny() })))[1]).toBe('deny');
    expect(decided(build(addFirewall(seedDocs(), 'deny', { priority: 500, targetTags: ['web'], ...deny() })))[1]).toBe('allow');
    expect(decided(build(addFirewall(directVpc(seedDocs(), ['web']), 'deny', { priority: 500, targetTags: ['web'], ...deny() })))[1]).toBe('deny');
  });
  it('service-account targets on connector VMs are UNVERIFIED: AMBIGUOUS (facts 7.5)', () => {
    const t = trace(build(addFirewall(seedDocs(), 'deny-sa', { priority: 500, targetServiceAccounts: ['vm@myproject.iam.gserviceaccount.com'], ...deny() })));
    expect([t.verdict, t.facts.firewallAction]).toEqual(['AMBIGUOUS', 'allow']);
    expect(t.caveats.join('\n')).toContain('Google does not document whether firewall rules can target connector VMs');
  });
  it("Direct VPC: a rule targeting another service account does not apply; the workload's is AMBIGUOUS", () => {
    expect(trace(build(addFirewall(directVpc(seedDocs()), 'deny-sa', { priority: 500, targetServiceAccounts: ['other@x.iam.gserviceaccount.com'], ...deny() }))).verdict).toBe('REACHABLE');
    expect(trace(build(addFirewall(directVpc(seedDocs()), 'deny-sa', { priority: 500, targetServiceAccounts: ['mgmt@myproject.iam.gserviceaccount.com'], ...deny() }))).verdict).toBe('AMBIGUOUS');
  });
});

describe('firewall policies (facts 7.3, 7.4)', () => {
  it('a hierarchical deny beats a VPC allow', () => {
    const d = setPolicies(addFirewall(seedDocs(), 'allow-all', { priority: 0, ...allow() }), [policy('HIERARCHY', 'org', [egressRule(10, 'deny')])]);
    expect(decided(build(d)).slice(0, 2)).toEqual(['UNREACHABLE', 'deny']);
  });
  it('goto_next passes to the next stage', () => {
    const d = setPolicies(addFirewall(seedDocs(), 'deny-all', { priority: 900, ...deny() }), [
      policy('HIERARCHY', 'org', [egressRule(10, 'goto_next'), egressRule(20, 'allow')]),
    ]);
    expect(decided(build(d))).toEqual(['UNREACHABLE', 'deny', 'deny-all']);
  });
  it('organisation before folder', () => {
    const d = setPolicies(seedDocs(), [policy('HIERARCHY', 'org', [egressRule(100, 'allow')]), policy('HIERARCHY', 'folder', [egressRule(1, 'deny')])]);
    expect(decided(build(d))[1]).toBe('allow');
  });
  it('AFTER_CLASSIC_FIREWALL: VPC rules before the network policy; BEFORE_CLASSIC_FIREWALL: after', () => {
    const d = setPolicies(addFirewall(seedDocs(), 'deny-all', { priority: 900, ...deny() }), [policy('NETWORK', 'netpol', [egressRule(10, 'allow')])]);
    expect(decided(build(d))[1]).toBe('deny');
    d['networks.json'].items[0].networkFirewallPolicyEnforcementOrder = 'BEFORE_CLASSIC_FIREWALL';
    expect(decided(build(d))[1]).toBe('allow');
  });
  it('an FQDN rule that could decide makes the verdict AMBIGUOUS', () => {
    const d = setPolicies(seedDocs(), [policy('NETWORK', 'netpol', [{ priority: 10, direction: 'EGRESS', action: 'deny', match: { destFqdns: ['github.com'], layer4Configs: [{ ipProtocol: 'all' }] } }])]);
    const t = trace(build(d));
    expect([t.verdict, t.facts.firewallAction]).toEqual(['AMBIGUOUS', 'allow']);
  });
  it('a hierarchical rule limited to another network does not apply', () => {
    const d = setPolicies(seedDocs(), [policy('HIERARCHY', 'org', [egressRule(10, 'deny', { targetResources: ['projects/other/global/networks/x'] })])]);
    expect(decided(build(d))[1]).toBe('allow');
  });
  it('a rule whose source ranges cover part of the connector range is uncertain only where its destination matches', () => {
    const partial = (destIpRanges: string[]) =>
      setPolicies(seedDocs(), [
        policy('NETWORK', 'netpol', [{ priority: 10, direction: 'EGRESS', action: 'deny', match: { srcIpRanges: ['10.8.0.0/29'], destIpRanges, layer4Configs: [{ ipProtocol: 'all' }] } }]),
      ]);
    const elsewhere = trace(build(partial(['192.0.2.0/24'])));
    expect([elsewhere.verdict, elsewhere.caveats.some((c) => c.includes('cover only part'))]).toEqual(['REACHABLE', false]);
    const here = trace(build(partial(['140.82.112.0/20'])));
    expect([here.verdict, here.caveats.some((c) => c.includes('cover only part of 10.8.0.0/28'))]).toEqual(['AMBIGUOUS', true]);
  });
  it("each Direct VPC workload's fix targets its own first tag, whatever the other workloads on the subnet list first", () => {
    const d = addFirewall(directVpc(seedDocs(), ['web', 'batch']), 'deny-all', { priority: 500, targetTags: ['web', 'batch'], ...deny() });
    const other = structuredClone(job(d));
    other.name = other.name.replace('my-agent-4', 'my-agent-5');
    other.template.template.vpcAccess.networkInterfaces[0].tags = ['batch', 'web'];
    d['jobs.json'].jobs.push(other);
    const fixes = traceAll(build(d))
      .filter((t) => t.destination.kind === 'internet')
      .map((t) => [t.workload.replace(/^.*\//, ''), /--target-tags=(\w+)/.exec(fixLine(t))?.[1]]);
    expect(fixes).toEqual([
      ['my-agent-4', 'web'],
      ['my-agent-5', 'batch'],
    ]);
  });
});
