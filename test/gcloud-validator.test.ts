// The gcloud syntax validator (test/helpers/gcloud.ts) against real gcloud: known-good and known-bad
// commands, the batch run classifying exactly like one gcloud process per command, the enum
// allow-list found in gcloud's source, and the placeholder check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGcloudSyntax, GCLOUD, GCLOUD_ENUMS, GCLOUD_SKIP_REASON, gcloudLib, placeholders } from './helpers/gcloud.js';

if (!GCLOUD) console.warn(`SKIPPED gcloud validator tests: gcloud is not on PATH`);

const w = (line: string): string[] => line.split(' ');

/** Commands with the verdict real gcloud gives: true, or a piece of its error. */
const SAMPLE: [string, true | string][] = [
  ['gcloud compute firewall-rules create allow-x --network=my-vpc --action=ALLOW --rules=tcp:443 --priority=PRIORITY_ABOVE_THE_DENY --project=myproject', "argument --priority: invalid int value: 'PRIORITY_ABOVE_THE_DENY'"],
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=myproject --vpc-egres=all-traffic', 'unrecognized arguments: --vpc-egres=all-traffic'],
  ['gcloud compute firewall-rules create allow-x --network=my-vpc --rules=tcp:443 --project=myproject', 'Exactly one of (--action | --allow) must be specified'],
  ['gcloud compute routers nats create nat-1 --region=europe-west2 --nat-all-subnet-ip-ranges --auto-allocate-nat-external-ips --project=myproject', 'argument --router: Must be specified'],
  // A flag of another command, and flags of two exclusive groups.
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=myproject --destination-ranges=10.0.0.0/8', 'unrecognized arguments: --destination-ranges=10.0.0.0/8'],
  ['gcloud compute networks vpc-access connectors create c --region=europe-west2 --network=my-vpc --range=10.8.0.0/28 --subnet=conn-subnet --project=myproject', 'At most one of --network --range | --subnet --subnet-project can be specified'],
  ['gcloud run services update web --region=europe-west2 --project=UNKNOWN --vpc-egress=all-traffic', 'The project property must be set to a valid project ID, not the project name [UNKNOWN]'],
  ['gcloud compute firewall-rules create allow-egress-140-82-112-3-443 --network=my-vpc --direction=EGRESS --action=ALLOW --rules=tcp:443 --destination-ranges=140.82.112.3/32 --target-tags=vpc-connector-europe-west2-vpc-conn-europe --priority=899 --project=myproject', true],
  ['gcloud compute routers nats update nat-europe --router=nat-router-europe --region=europe-west2 --nat-custom-subnet-ip-ranges=a:ALL,b --project=myproject', true],
  ['gcloud compute network-firewall-policies rules create 1000 --firewall-policy=my-policy --global-firewall-policy --action=allow --direction=EGRESS --dest-ip-ranges=140.82.112.3/32 --layer4-configs=tcp:443 --project=myproject', true],
  // --organization is needed with a short policy name, not with the numeric id (gcloud checks it only after loading credentials).
  ['gcloud compute firewall-policies rules create 900 --firewall-policy=org-egress --organization=123456789012 --action=allow --direction=EGRESS --dest-ip-ranges=140.82.112.3/32 --layer4-configs=tcp:443', true],
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=myproject --clear-network', true],
  ['gcloud run services update web --region=europe-west2 --project=myproject --vpc-egress=all-traffic', true],
  ['gcloud compute networks vpc-access connectors create vpc-conn-europe --region=europe-west2 --project=myproject --network=my-vpc --range=10.8.0.0/28', true],
];

/** Commands egress-lint printed before fixes became argv (in messages and trace.fix), with gcloud's verdict. */
const PRINTED: [string, true | string][] = [
  ['gcloud compute firewall-rules create vpc-connector-health-checks --direction=INGRESS --source-ranges=35.191.0.0/16,35.191.192.0/18,130.211.0.0/22 --rules=tcp:667 --network=my-vpc --action=ALLOW --target-tags=vpc-connector --priority=PRIORITY_ABOVE_THE_DENY --project=myproject', 'invalid int value'],
  ['gcloud compute firewall-rules create vpc-connector-to-serverless --direction=EGRESS --destination-ranges=35.199.224.0/19 --rules=tcp:667,udp:665-666,icmp --network=my-vpc --action=ALLOW --target-tags=vpc-connector --priority=PRIORITY_ABOVE_THE_DENY --project=myproject', 'invalid int value'],
  ['gcloud compute networks vpc-access connectors delete vpc-conn-europe --region=europe-west2 --project=UNKNOWN', 'not the project name [UNKNOWN]'],
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=UNKNOWN --clear-network', 'not the project name [UNKNOWN]'],
  ['gcloud compute firewall-rules create vpc-connector-to-serverless --direction=EGRESS --destination-ranges=35.199.224.0/19 --rules=tcp:667,udp:665-666,icmp --network=my-vpc --action=ALLOW --target-tags=vpc-connector --priority=99 --project=myproject', true],
  ['gcloud compute routers nats update nat-europe --router=nat-router-europe --region=europe-west2 --enable-dynamic-port-allocation --project=myproject', true],
  ['gcloud compute networks vpc-access connectors describe vpc-conn-europe --region=europe-west2 --project=myproject --format=value(state)', true],
  ['gcloud compute routers create nat-router-europe-west2 --network=my-vpc --region=europe-west2 --project=myproject', true],
  ['gcloud compute routers nats create nat-europe-west2 --router=nat-router-europe-west2 --region=europe-west2 --nat-custom-subnet-ip-ranges=my-subnet --auto-allocate-nat-external-ips --project=myproject', true],
  ['gcloud compute networks subnets update my-subnet --region=europe-west2 --enable-private-ip-google-access --project=myproject', true],
  ['gcloud compute routes create to-proxy-igw --network=my-vpc --destination-range=140.82.112.3/32 --next-hop-gateway=default-internet-gateway --tags=vpc-connector-europe-west2-vpc-conn-europe --project=myproject', true],
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=myproject --vpc-egress=all-traffic', true],
  // gcloud takes these, but they carry placeholders (the placeholder check below catches them).
  ['gcloud compute networks vpc-access connectors create vpc-conn-europe --region=europe-west2 --project=myproject --network=my-vpc --range=RANGE/28', true],
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=myproject --network=NETWORK --subnet=SUBNET_IN_europe-west2', true],
  ['gcloud run jobs update my-agent-4 --region=europe-west2 --project=myproject --vpc-connector=projects/myproject/locations/europe-west2/connectors/NAME', true],
  ['gcloud compute routers nats create NAT --router=ROUTER --region=europe-west2 --nat-all-subnet-ip-ranges --auto-allocate-nat-external-ips --project=myproject', true],
];

/** A use of every value of GCLOUD_ENUMS, and a value outside the choices. */
const ENUM_USES: [string, true | string][] = [
  ['gcloud compute firewall-rules create allow-x --network=my-vpc --direction=INGRESS --action=DENY --rules=tcp:443 --project=myproject', true],
  ['gcloud compute firewall-rules create allow-x --network=my-vpc --direction=SIDEWAYS --action=ALLOW --rules=tcp:443 --project=myproject', "argument --direction: Invalid choice: 'SIDEWAYS'"],
  ['gcloud compute network-firewall-policies rules create 1000 --firewall-policy=my-policy --global-firewall-policy --action=allow --direction=INGRESS --src-ip-ranges=10.0.0.0/8 --layer4-configs=tcp:443 --project=myproject', true],
  ['gcloud compute firewall-policies rules create 900 --firewall-policy=123456789012 --action=deny --direction=INGRESS --src-ip-ranges=10.0.0.0/8 --layer4-configs=all', true],
  ['gcloud compute networks update my-vpc --network-firewall-policy-enforcement-order=BEFORE_CLASSIC_FIREWALL --project=myproject', true],
  ['gcloud compute networks update my-vpc --network-firewall-policy-enforcement-order=AFTER_CLASSIC_FIREWALL --project=myproject', true],
];

function expectVerdicts(cases: [string, true | string][], verdicts: { accepted: boolean; error?: string }[]): void {
  cases.forEach(([line, want], i) => {
    const v = verdicts[i]!;
    if (want === true) expect(v.error, line).toBeUndefined();
    else expect(v.error, line).toContain(want);
    expect(v.accepted, line).toBe(want === true);
  });
}

describe.skipIf(!GCLOUD)(`gcloud syntax validator${GCLOUD_SKIP_REASON}`, () => {
  it('classifies in one batch exactly as one gcloud process per command does', async () => {
    const commands = SAMPLE.map(([line]) => w(line));
    let t = performance.now();
    const batch = await checkGcloudSyntax(commands);
    const batchMs = performance.now() - t;
    t = performance.now();
    const each = await checkGcloudSyntax(commands, 'process');
    const eachMs = performance.now() - t;
    console.log(`${commands.length} commands: batch ${batchMs.toFixed(0)} ms, one process each (2 at a time) ${eachMs.toFixed(0)} ms`);
    expectVerdicts(SAMPLE, each);
    expect(batch).toEqual(each); // verdict, exit status and gcloud's whole stderr
  }, 300_000);

  it('rejects the commands egress-lint printed with a placeholder priority or project, and accepts the rest', async () => {
    expectVerdicts(PRINTED, await checkGcloudSyntax(PRINTED.map(([line]) => w(line))));
  });

  it('takes every value of the enum allow-list where gcloud defines it', async () => {
    expectVerdicts(ENUM_USES, await checkGcloudSyntax(ENUM_USES.map(([line]) => w(line))));
    for (const e of GCLOUD_ENUMS) {
      expect(e.text, e.value).toContain(`'${e.value}'`);
      expect(readFileSync(join(gcloudLib(), e.file), 'utf8'), `${e.value} (${e.flag}) in ${e.file}`).toContain(e.text);
    }
  });

  it('answers an empty list without running gcloud, and refuses a command that is not gcloud', async () => {
    expect(await checkGcloudSyntax([])).toEqual([]);
    await expect(checkGcloudSyntax([['gsutil', 'ls']])).rejects.toThrow(/not a gcloud command/);
  });
});

describe('placeholders', () => {
  it('finds UPPERCASE words the input should have decided, in positionals and flag values', () => {
    expect(placeholders(w('gcloud compute networks subnets create SUBNET --network=my-vpc --range=RANGE/28'))).toEqual(['SUBNET', 'RANGE']);
    expect(placeholders(w('gcloud run jobs update j --network=NETWORK --subnet=SUBNET_IN_europe-west2 --project=UNKNOWN'))).toEqual(['NETWORK', 'SUBNET_IN', 'UNKNOWN']);
    expect(placeholders(w('gcloud run jobs update j --vpc-connector=projects/p/locations/europe-west2/connectors/NAME'))).toEqual(['NAME']);
    expect(placeholders(w('gcloud compute firewall-rules create x --priority=PRIORITY_ABOVE_THE_DENY'))).toEqual(['PRIORITY_ABOVE_THE_DENY']);
    expect(placeholders(['gcloud', 'compute', 'vpn-tunnels', 'describe', 'TUNNEL', '--router', 'ROUTER'])).toEqual(['TUNNEL', 'ROUTER']);
  });
  it('allows the values gcloud defines, lowercase words and prose', () => {
    expect(placeholders(w('gcloud compute firewall-rules create allow-x --direction=EGRESS --action=ALLOW --rules=tcp:443,udp:665-666,icmp --priority=899'))).toEqual([]);
    expect(placeholders(w('gcloud compute routers nats update n --router=r --nat-custom-subnet-ip-ranges=a:ALL,b --format=value(state)'))).toEqual([]);
    expect(placeholders(w('gcloud compute networks update my-vpc --network-firewall-policy-enforcement-order=BEFORE_CLASSIC_FIREWALL'))).toEqual([]);
    expect(placeholders(['gcloud', 'compute', 'firewall-rules', 'create', 'x', '--description=Allow the VPC connector to reach GitHub'])).toEqual([]);
    expect(placeholders(w('gcloud compute routers nats update n --nat-custom-subnet-ip-ranges=LIST_OF_SUBNETWORKS'))).toEqual(['LIST_OF_SUBNETWORKS']);
  });
});
