// Fixes as data: every command egress-lint suggests is built here, as an argv a user can paste.
// Rules and the engine describe what to change; this module turns it into gcloud commands, so that
// flag syntax, quoting and the values the input decides have one home (tested against real gcloud).
import type { FirewallDecision } from './engine/firewall.js';
import { basename } from 'node:path';
import { flagOf } from './deploy/commands.js';
import type { Connector, DeployCommand, DeployFlag, Direction, FirewallPolicy, Nat, NatSubnetwork, Router, Subnetwork, Workload } from './model.js';
import { projectOf, regionOf, shortName } from './names.js';
import { UNKNOWN } from './deploy/types.js';

/** One way to fix a finding: a sentence, then the commands that do it, in order. */
export interface Fix {
  /** What the commands change and what the user must know first (who owns the resource, what is unknown). */
  summary: string;
  /** Commands to run in order; each is an argv whose first word is the program ("gcloud"). */
  commands: string[][];
}

// Words a POSIX shell takes literally: anything else is single-quoted.
const PLAIN_WORD = /^[A-Za-z0-9_./:=,@%+-]+$/;

/** One argv word as a shell reads it back. */
export function shellQuote(word: string): string {
  if (word !== '' && PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one line to paste into a shell. */
export function renderCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A fix's commands as one line (joined with &&, so a failing step stops the rest). */
export function renderFix(fix: Fix): string {
  return fix.commands.map(renderCommand).join(' && ');
}

/** A fix as one line: its summary, then its commands. */
export function fixText(fix: Fix): string {
  return fix.commands.length ? `${fix.summary}: ${renderFix(fix)}` : fix.summary;
}

// The project or region of a resource a deploy script names without them: gcloud then takes them from
// its configuration, as the script's own command did, so the fix leaves them out too.
const FROM_GCLOUD_CONFIG: ReadonlySet<string> = new Set(['project', 'region']);

/**
 * `gcloud GROUP... POSITIONAL... --flag=value...`: flags with an undefined value are left out, true is
 * a bare flag; a project or region a deploy script left to gcloud's configuration (UNKNOWN) is left out.
 */
export function gcloud(words: readonly string[], flags: Readonly<Record<string, string | number | true | undefined>> = {}): string[] {
  const argv = ['gcloud', ...words];
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined || (value === UNKNOWN && FROM_GCLOUD_CONFIG.has(name))) continue;
    argv.push(value === true ? `--${name}` : `--${name}=${value}`);
  }
  return argv;
}

// ---- Cloud Run and Serverless VPC Access ------------------------------------------------------

// Jobs and services change with `update`; worker pools only in gcloud's beta track (gcloud 5xx:
// surface/run/worker_pools is ALPHA/BETA), where update has no connector flags (Direct VPC only).
const RUN_UPDATE: Record<Workload['kind'], string[]> = {
  job: ['run', 'jobs', 'update'],
  service: ['run', 'services', 'update'],
  workerPool: ['beta', 'run', 'worker-pools', 'update'],
};

/** `gcloud run jobs update NAME --region=R --project=P FLAGS...`. */
export function runUpdate(w: Workload, flags: Readonly<Record<string, string | number | true | undefined>>): string[] {
  return gcloud([...RUN_UPDATE[w.kind], w.name], { region: w.region, project: w.project, ...flags });
}

/** `gcloud compute networks vpc-access connectors VERB NAME --region=R --project=P FLAGS...`, for a connector full name. */
export function connectorCommand(verb: string, connector: string, flags: Readonly<Record<string, string | number | true | undefined>> = {}): string[] {
  return gcloud(['compute', 'networks', 'vpc-access', 'connectors', verb, shortName(connector)], { region: regionOf(connector), ...flags, project: projectOf(connector) });
}

// ---- Firewall -------------------------------------------------------------------------------

/** What an allow must let through: one direction, the peers, the protocols, the source it is for. */
export interface AllowSpec {
  direction: Direction;
  /** Full name of the network. */
  network: string;
  /** Destination ranges (egress) or source ranges (ingress), CIDR text. */
  peerRanges: string[];
  /** gcloud's protocol[:ports] words: "tcp:443", "udp:665-666", "icmp". */
  protocols: string[];
  /** The source range inside the VPC the allow is for (egress), to keep a policy rule narrow. */
  sourceRange?: string;
  /** Network tag of the sources (VPC rules only; firewall policies cannot match network tags). */
  targetTag?: string;
  /** Base name for a new VPC firewall rule (made unique against the rules the input holds). */
  name: string;
  /** What the allow is for, in words: "internet (GitHub)". */
  what: string;
}

/** The VPC firewall rule names taken in a project, to make a new rule's name unique. */
export type TakenNames = ReadonlySet<string>;

/** name, or name-2, name-3...: the first not taken (and within the 63 characters Compute Engine allows). */
export function uniqueName(base: string, taken: TakenNames): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 58) || 'egress-lint';
  const start = /^[a-z]/.test(clean) ? clean : `r-${clean}`;
  if (!taken.has(start)) return start;
  for (let i = 2; ; i++) if (!taken.has(`${start}-${i}`)) return `${start}-${i}`;
}

/** A network's URL as --target-resources takes it. */
const networkUrl = (network: string): string => `https://www.googleapis.com/compute/v1/${network.replace(/^\/\/compute\.googleapis\.com\//, '')}`;

/** The priority above `below` (a smaller number) that no rule of the policy uses; undefined when none is left. */
function freePolicyPriority(policy: FirewallPolicy, below: number): number | undefined {
  const used = new Set(policy.rules.map((r) => r.priority));
  for (let p = below - 1; p >= 0; p--) if (!used.has(p)) return p;
  return undefined;
}

/**
 * An allow that wins over the decision that denied: at the level that decided (evaluation order:
 * https://cloud.google.com/firewall/docs/firewall-policies-rule-eval-order). A VPC rule cannot
 * override a firewall-policy deny, so a policy deny gets a policy rule above it on the same policy.
 */
export function allowAbove(decision: FirewallDecision, spec: AllowSpec, takenVpcNames: TakenNames): Fix {
  const project = projectOf(spec.network)!;
  const peers = spec.peerRanges.join(',');
  const origin = decision.by?.origin;
  if (!origin || origin.kind === 'vpc') {
    // The implied deny (ingress) yields to any allow; gcloud's default priority is 1000. A VPC deny
    // yields to an allow one priority number lower (at a tie the deny wins).
    const priority = origin ? origin.rule.priority - 1 : 1000;
    if (priority < 0)
      return {
        summary: `firewall rule "${origin!.rule.name}" denies at priority 0, which no rule can precede; narrow its ${spec.direction === 'EGRESS' ? 'destination' : 'source'} ranges or target tags so that it no longer matches ${spec.what}`,
        commands: [],
      };
    const name = uniqueName(spec.name, takenVpcNames);
    return {
      summary: `create VPC firewall rule "${name}" allowing ${spec.what} at priority ${priority}${origin ? `, above the deny "${origin.rule.name}" (priority ${origin.rule.priority})` : ''}`,
      commands: [
        gcloud(['compute', 'firewall-rules', 'create', name], {
          network: shortName(spec.network),
          direction: spec.direction,
          action: 'ALLOW',
          rules: spec.protocols.join(','),
          [spec.direction === 'EGRESS' ? 'destination-ranges' : 'source-ranges']: peers,
          'target-tags': spec.targetTag,
          priority,
          project,
        }),
      ],
    };
  }
  const { policy, rule } = origin;
  const priority = freePolicyPriority(policy, rule.priority);
  const peerFlag = spec.direction === 'EGRESS' ? 'dest-ip-ranges' : 'src-ip-ranges';
  const layer4 = spec.protocols.join(',');
  const label = `rule ${rule.priority}${rule.ruleName ? ` ("${rule.ruleName}")` : ''}`;
  if (policy.kind === 'SYSTEM' || priority === undefined)
    return {
      summary:
        policy.kind === 'SYSTEM'
          ? `${label} of system firewall policy "${policy.name}" denies ${spec.what}; Google manages that policy and it cannot be changed`
          : `every priority above ${label} of firewall policy "${policy.name}" is taken; change that rule so that it no longer matches ${spec.what}`,
      commands: [],
    };
  const policyName = shortName(policy.id);
  if (policy.kind === 'HIERARCHY')
    return {
      summary:
        `the deny is ${label} of hierarchical firewall policy "${policy.name}", which the organization or folder it is attached to owns ` +
        `(a VPC rule cannot override it); whoever administers that policy adds an allow at priority ${priority}, limited to network "${shortName(spec.network)}"`,
      commands: [
        gcloud(['compute', 'firewall-policies', 'rules', 'create', String(priority)], {
          'firewall-policy': policyName,
          action: 'allow',
          direction: spec.direction,
          [peerFlag]: peers,
          'src-ip-ranges': spec.direction === 'EGRESS' ? spec.sourceRange : undefined,
          'layer4-configs': layer4,
          'target-resources': networkUrl(spec.network),
        }),
      ],
    };
  const regional = policy.kind === 'NETWORK_REGIONAL';
  return {
    summary:
      `the deny is ${label} of ${regional ? 'regional' : 'global'} network firewall policy "${policy.name}" (a VPC rule cannot override it); ` +
      `add an allow at priority ${priority} on that policy${spec.sourceRange ? `, limited to source ${spec.sourceRange}` : ''}`,
    commands: [
      gcloud(['compute', 'network-firewall-policies', 'rules', 'create', String(priority)], {
        'firewall-policy': policyName,
        [regional ? 'firewall-policy-region' : 'global-firewall-policy']: regional ? policy.region : true,
        action: 'allow',
        direction: spec.direction,
        [peerFlag]: peers,
        'src-ip-ranges': spec.direction === 'EGRESS' ? spec.sourceRange : undefined,
        'layer4-configs': layer4,
        project: policy.project || project,
      }),
    ],
  };
}

/** gcloud's --rules / --layer4-configs word for a packet: "tcp:443", "icmp". */
export const protocolWord = (protocol: string, port?: number): string => (port === undefined ? protocol : `${protocol}:${port}`);

// ---- Cloud NAT and routes ---------------------------------------------------------------------

/**
 * The --nat-custom-subnet-ip-ranges words that keep what a NAT covers: SUBNET (primary range),
 * SUBNET:ALL, SUBNET:SECONDARY_RANGE (https://cloud.google.com/sdk/gcloud/reference/compute/routers/nats/update).
 */
export function natRangeWords(entry: NatSubnetwork): string[] {
  const name = shortName(entry.subnetwork);
  const ranges = entry.sourceIpRangesToNat;
  if (ranges.includes('ALL_IP_RANGES')) return [`${name}:ALL`];
  const words = ranges.length === 0 || ranges.includes('PRIMARY_IP_RANGE') ? [name] : [];
  if (ranges.includes('LIST_OF_SECONDARY_IP_RANGES')) for (const r of entry.secondaryIpRangeNames) words.push(`${name}:${r}`);
  return words;
}

/** Adds a subnet's primary range to a NAT's list, keeping every range it already covers; or all subnets for a hidden connector range. */
export function natCoverSubnet(ref: { router: Router; nat: Nat }, subnet: Subnetwork | undefined): Fix {
  const { router, nat } = ref;
  const where = { router: router.name, region: router.region };
  if (!subnet)
    return {
      summary: `a connector created with --range has a hidden subnet that a list can never name: let Cloud NAT "${router.name}/${nat.name}" serve every subnet's ranges`,
      commands: [gcloud(['compute', 'routers', 'nats', 'update', nat.name], { ...where, 'nat-all-subnet-ip-ranges': true, project: router.project })],
    };
  const words: string[] = [];
  for (const entry of nat.subnetworks) {
    words.push(...natRangeWords(entry));
    if (entry.subnetwork === subnet.id && !words.includes(subnet.name)) words.push(subnet.name);
  }
  if (!nat.subnetworks.some((e) => e.subnetwork === subnet.id)) words.push(subnet.name);
  return {
    summary: `add the primary range of subnet "${subnet.name}" to Cloud NAT "${router.name}/${nat.name}", keeping the ${nat.subnetworks.length} subnet range${nat.subnetworks.length === 1 ? '' : 's'} it covers (the flag replaces the whole list)`,
    commands: [gcloud(['compute', 'routers', 'nats', 'update', nat.name], { ...where, 'nat-custom-subnet-ip-ranges': words.join(','), project: router.project })],
  };
}

/**
 * A Cloud NAT for a source in a region: on a Cloud Router of the network there if one exists, else on
 * a new router. A --range connector's hidden subnet needs all subnets covered.
 */
export function natCreate(network: string, region: string, subnet: Subnetwork | undefined, routers: readonly Router[], takenRouterNames: TakenNames): Fix {
  const project = projectOf(network)!;
  const existing = routers[0];
  const router = existing?.name ?? uniqueName(`nat-router-${region}`, takenRouterNames);
  const natName = uniqueName(`nat-${region}`, new Set(existing?.nats.map((n) => n.name) ?? []));
  const commands = existing ? [] : [gcloud(['compute', 'routers', 'create', router], { network: shortName(network), region, project })];
  commands.push(
    gcloud(['compute', 'routers', 'nats', 'create', natName], {
      router,
      region,
      ...(subnet ? { 'nat-custom-subnet-ip-ranges': subnet.name } : { 'nat-all-subnet-ip-ranges': true }),
      'auto-allocate-nat-external-ips': true,
      project,
    }),
  );
  return {
    summary: `${existing ? `add Cloud NAT "${natName}" to Cloud Router "${router}"` : `create Cloud Router "${router}" and Cloud NAT "${natName}"`} in ${region}, serving ${subnet ? `subnet "${subnet.name}"` : 'every subnet (the connector\'s hidden subnet cannot be listed)'}`,
    commands,
  };
}

/** Routes to the default internet gateway for each range, uniquely named, for the tag given (all instances without one). */
export function internetRoutes(network: string, base: string, ranges: readonly string[], priority: number, tag: string | undefined, takenRouteNames: TakenNames): Fix {
  const taken = new Set(takenRouteNames);
  const commands = ranges.map((range) => {
    const name = uniqueName(ranges.length === 1 ? base : `${base}-${range.replace(/[./]/g, '-')}`, taken);
    taken.add(name);
    return gcloud(['compute', 'routes', 'create', name], {
      network: shortName(network),
      'destination-range': range,
      'next-hop-gateway': 'default-internet-gateway',
      priority,
      tags: tag,
      project: projectOf(network),
    });
  });
  return { summary: `route ${ranges.length === 1 ? ranges[0] : `${ranges.length} ranges`} to the default internet gateway${tag ? ` for instances tagged "${tag}"` : ''}`, commands };
}

/** `gcloud compute routers nats update NAT --router=R --region=REGION FLAGS --project=P`. */
export function natUpdate(ref: { router: Router; nat: Nat }, flags: Readonly<Record<string, string | number | true | undefined>>): string[] {
  return gcloud(['compute', 'routers', 'nats', 'update', ref.nat.name], { router: ref.router.name, region: ref.router.region, ...flags, project: ref.router.project });
}

// ---- Configuration rules: Cloud Run workloads, connectors and deploy commands ---------------------

/**
 * The --vpc-connector value for a connector: its relative name (projects/P/locations/R/connectors/C),
 * which also names a Shared VPC host project's connector. A bare name where the input left the project
 * to gcloud's configuration: gcloud resolves a bare name in the workload's own project and region.
 */
export function connectorRef(connector: string): string {
  const project = projectOf(connector);
  return project === undefined || project === UNKNOWN ? shortName(connector) : `projects/${project}/locations/${regionOf(connector)}/connectors/${shortName(connector)}`;
}

/** Where a connector takes its /28: a range in a network of its own project, or an existing /28 subnet (possibly a Shared VPC host's). */
export type ConnectorPlacement = { network: string; range: string } | { subnet: string; subnetProject: string };

/** The flags a connector was created with besides its placement (machine type and scaling), so that a new one serves as the old did. */
export function connectorSettings(c: Pick<Connector, 'machineType' | 'minInstances' | 'maxInstances'>): Record<string, string | number | undefined> {
  return { 'machine-type': c.machineType, 'min-instances': c.minInstances, 'max-instances': c.maxInstances };
}

/**
 * `connectors create`. --network takes a network of the connector's own project only (it is a bare
 * name there); a Shared VPC network of another project is reached through a subnet of it
 * (--subnet with --subnet-project): https://cloud.google.com/vpc/docs/configure-serverless-vpc-access.
 */
export function connectorCreate(connector: string, placement: ConnectorPlacement, settings: Record<string, string | number | undefined> = {}): string[] {
  const where =
    'network' in placement
      ? { network: shortName(placement.network), range: placement.range }
      : { subnet: placement.subnet, 'subnet-project': placement.subnetProject === UNKNOWN ? undefined : placement.subnetProject };
  return connectorCommand('create', connector, { ...where, ...settings });
}

/** `gcloud compute networks subnets update NAME --region=R FLAGS --project=P`. */
export function subnetUpdate(s: Subnetwork, flags: Record<string, string | true>): string[] {
  return gcloud(['compute', 'networks', 'subnets', 'update', s.name], { region: s.region, ...flags, project: s.project });
}

/** `gcloud compute networks subnets create NAME --network=N --region=R --range=X --project=P` (a subnet of a network of its own project). */
export function subnetCreate(name: string, network: string, region: string, range: string): string[] {
  return gcloud(['compute', 'networks', 'subnets', 'create', name], { network: shortName(network), region, range, project: projectOf(network) });
}

/** name, or name-2, name-3...: the first not taken that is a valid connector name (a lower-case letter first, at most 25 characters). */
export function uniqueConnectorName(base: string, taken: TakenNames): string {
  const fit = (s: string, n: number) => s.slice(0, n).replace(/-+$/, '');
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  const stem = clean.length >= 2 ? clean : 'connector';
  if (!taken.has(fit(stem, 25))) return fit(stem, 25);
  for (let i = 2; ; i++) {
    const name = `${fit(stem, 25 - String(i).length - 1)}-${i}`;
    if (!taken.has(name)) return name;
  }
}

// ---- Deploy commands (gcloud commands found in scripts) ----

/** The words of one flag as written: `--name=value`, a bare `--name`, or a one-letter `-q`. */
function flagWords(f: DeployFlag, value = f.value): string[] {
  if (f.name.length === 1) return value === undefined ? [`-${f.name}`] : [`-${f.name}`, value];
  return [value === undefined ? `--${f.name}` : `--${f.name}=${value}`];
}

/** What to change in a deploy command: flags to drop, flags to set (in place where the command has them, else appended). */
export interface CommandEdit {
  drop?: readonly string[];
  set?: Readonly<Record<string, string>>;
}

/**
 * A script's gcloud command with an edit made: the command to put in the script instead. Undefined
 * when a word is known only when the script runs ($VAR): its text is not in the input.
 */
export function editCommand(cmd: DeployCommand, edit: CommandEdit): string[] | undefined {
  if (cmd.args.some((a) => a === undefined) || cmd.flags.some((f) => f.valueUnknown)) return undefined;
  const setting = new Set(Object.keys(edit.set ?? {}));
  const pending = new Map(Object.entries(edit.set ?? {}));
  const drop = new Set(edit.drop ?? []);
  const argv = ['gcloud', ...cmd.command.split(' '), ...(cmd.args as string[])];
  for (const f of cmd.flags) {
    if (drop.has(f.name)) continue;
    if (!setting.has(f.name)) argv.push(...flagWords(f));
    else if (pending.has(f.name)) {
      // gcloud keeps the last of a repeated flag; a flag set here is written once, where it first stood.
      argv.push(...flagWords(f, pending.get(f.name)));
      pending.delete(f.name);
    }
  }
  for (const [name, value] of pending) argv.push(`--${name}=${value}`);
  // A project or region the script leaves to gcloud's configuration but the input decides (the snapshot's
  // project) is written out, so that the command stands on its own.
  for (const [name, value] of [['region', cmd.resource && regionOf(cmd.resource)], ['project', cmd.resource && projectOf(cmd.resource)]] as const)
    if (value && value !== UNKNOWN && !cmd.flags.some((f) => f.name === name) && !drop.has(name)) argv.push(`--${name}=${value}`);
  return argv;
}

/** `deploy.sh:12`: where a command stands, for a summary. */
export const commandAt = (cmd: DeployCommand): string => `${basename(cmd.file)}:${cmd.line}`;

/** `--network and --subnet`: flag names as a summary lists them. */
const flagList = (names: readonly string[]): string => names.map((n) => `--${n}`).join(names.length === 2 ? ' and ' : ', ').replace(/, (--[^,]+)$/, ', and $1');

/**
 * A fix made in the script command that defines a resource (it may not have run; and an update made
 * beside it would be undone by its next run): the command with the edit, to put in the script.
 */
export function scriptFix(summary: string, cmd: DeployCommand, edit: CommandEdit): Fix {
  const dropped = (edit.drop ?? []).filter((name) => cmd.flags.some((f) => f.name === name));
  const set = Object.entries(edit.set ?? {})
    .filter(([name, value]) => flagOf(cmd, name)?.value !== value)
    .map(([name, value]) => `--${name}=${value}`);
  const what = [...(dropped.length ? [`drop ${flagList(dropped)}`] : []), ...(set.length ? [`set ${set.join(' ')}`] : [])].join(' and ');
  const argv = editCommand(cmd, edit);
  return argv
    ? { summary: `${summary}; in ${commandAt(cmd)}, ${what}`, commands: [argv] }
    : { summary: `${summary}; in ${commandAt(cmd)}, ${what} (the command has values known only when the script runs, so it is not repeated here)`, commands: [] };
}

// ---- Cloud Run workloads ----

/** A change to a workload's VPC access: flags to set, and the VPC mode to keep when it has both. */
export interface WorkloadEdit {
  /** --vpc-connector, --vpc-egress, --network, --subnet values. */
  set?: Readonly<Record<string, string>>;
  /** Keep this mode and remove the other. */
  keep?: 'connector' | 'direct-vpc';
}

/** The flags of each VPC mode in a deploy command. */
const MODE_FLAGS = { connector: ['vpc-connector'], 'direct-vpc': ['network', 'subnet', 'network-tags'] } as const;

/**
 * The fix for a workload: made in its deploy command when one command of a script defines it
 * (`defining`), else as `gcloud run ... update` commands. Removing a VPC mode on an update clears it
 * (--clear-network, --clear-vpc-connector); gcloud applies the clear after --vpc-egress and the clear
 * deletes the egress setting too (command_lib/run/flags.py, ClearVpcConnectorChange and
 * ClearNetworkInterfacesChange in config_changes.py), so an all-traffic setting is set again after.
 * A service with all-traffic egress makes --clear-vpc-connector stop for a confirmation (or fail
 * without a terminal: resource_change_validators.py) unless --vpc-egress=private-ranges-only is given:
 * it is given, as the clear deletes it anyway. Worker pools have no connector flags in gcloud.
 */
export function workloadFix(summary: string, w: Workload, edit: WorkloadEdit, defining?: DeployCommand): Fix {
  const set = edit.set ?? {};
  if (defining) {
    const drop = edit.keep === 'connector' ? MODE_FLAGS['direct-vpc'] : edit.keep === 'direct-vpc' ? MODE_FLAGS.connector : [];
    return scriptFix(summary, defining, { drop, set });
  }
  if (w.kind === 'workerPool' && (edit.keep === 'direct-vpc' || set['vpc-connector'] !== undefined))
    return {
      summary: `${summary}; gcloud has no connector flags for worker pools: change vpcAccess in the worker pool's YAML (gcloud beta run worker-pools describe, then replace)`,
      commands: [],
    };
  if (!edit.keep) return { summary, commands: [runUpdate(w, set)] };
  const { 'vpc-egress': egressAfter = w.egress === 'ALL_TRAFFIC' ? 'all-traffic' : undefined, ...rest } = set;
  const clear = edit.keep === 'connector' ? 'clear-network' : 'clear-vpc-connector';
  const confirmFree = w.kind === 'service' && clear === 'clear-vpc-connector' && (w.egress === 'ALL_TRAFFIC' || egressAfter === 'all-traffic') ? 'private-ranges-only' : undefined;
  const commands = [runUpdate(w, { ...rest, [clear]: true, 'vpc-egress': confirmFree })];
  if (egressAfter !== 'all-traffic') return { summary, commands };
  // A worker pool's --vpc-egress adds a Direct VPC interface when it has none (VpcAccessChanges in
  // command_lib/run/v2/config_changes.py): next to a connector, that is the conflict again.
  if (w.kind === 'workerPool')
    return { summary: `${summary} (--${clear} also unsets the VPC egress setting: set vpcAccess.egress to ALL_TRAFFIC again in the worker pool's YAML, as gcloud's --vpc-egress would add a Direct VPC interface beside the connector)`, commands };
  commands.push(runUpdate(w, { 'vpc-egress': 'all-traffic' }));
  return { summary: `${summary} (--${clear} also deletes the VPC egress setting, so all-traffic is set again after it)`, commands };
}

/** A workload with both a connector and Direct VPC: keep one or the other, in its defining script command if it has one. */
export function vpcModeFixes(w: Workload, defining?: DeployCommand): Fix[] {
  const connector = shortName(w.connector ?? '');
  return [workloadFix(`keep the connector "${connector}"`, w, { keep: 'connector' }, defining), workloadFix('keep Direct VPC egress', w, { keep: 'direct-vpc' }, defining)];
}

/**
 * Removes a workload's VPC egress setting where it has neither a connector nor Direct VPC: the setting
 * has no flag of its own to clear, but --clear-vpc-connector deletes it with the (absent) connector.
 * In a script, the flag is dropped from the command.
 */
export function dropEgressFix(summary: string, w: Workload, defining?: DeployCommand): Fix {
  if (defining) return scriptFix(summary, defining, { drop: ['vpc-egress'] });
  if (w.kind === 'workerPool') return { summary: `${summary}: remove vpcAccess.egress from the worker pool's YAML (gcloud beta run worker-pools describe, then replace)`, commands: [] };
  return { summary: `${summary} (with no connector to remove, --clear-vpc-connector deletes only the egress setting)`, commands: [runUpdate(w, { 'clear-vpc-connector': true })] };
}

/** A fix whose commands create what another fix then uses (a connector before a workload is pointed at it). */
export function after(first: { summary: string; commands: string[][] }, then: Fix): Fix {
  return { summary: `${first.summary}; then ${then.summary}`, commands: [...first.commands, ...then.commands] };
}
