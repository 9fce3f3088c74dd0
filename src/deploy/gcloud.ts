// gcloud argument lists → DeployCommand (every flag with its line and column), and DeployCommand →
// the raw API resource the command leaves behind (facts §3, §4, §5, §8). Values that are unknown
// until the script runs ($VAR) are never guessed: the field is left out and listed in unknownFields.
import type { DeployCommand, DeployFlag } from '../model.js';
import { computeName, connectorName, workloadName } from '../names.js';
import { table } from '../lookup.js';
import { setPath, type Collector } from './collect.js';
import { position } from './sources.js';
import { API, clean, link, regionLink, type Obj } from './raw.js';
import type { Word } from './shell.js';
import { UNKNOWN, type DeployResource } from './types.js';
import { flagOf, RUN_COMMANDS } from './commands.js';

export { commandTarget, flagOf, RUN_COMMANDS } from './commands.js';

const CREATES = [
  'compute networks vpc-access connectors create',
  'compute networks create',
  'compute networks subnets create',
  'compute routers create',
  'compute routers nats create',
  'compute routers nats update',
  'compute routes create',
  'compute firewall-rules create',
];
const DELETES = [
  'run services delete',
  'run jobs delete',
  'compute networks vpc-access connectors delete',
  'compute networks delete',
  'compute networks subnets delete',
  'compute routers delete',
  'compute routers nats delete',
  'compute routes delete',
  'compute firewall-rules delete',
];
const COMMANDS = [...RUN_COMMANDS, ...CREATES, ...DELETES].map((c) => c.split(' '));

/** Flags that take no value (gcloud store_true flags and the --no-/--enable-/--clear- families). */
const BOOLEAN =
  /^(no-|enable-|disable-|clear-|allow-)|^(async|quiet|disabled|wait|execute-now|nat-all-subnet-ip-ranges|nat-primary-subnet-ip-ranges|auto-allocate-nat-external-ips|use-http2|default-url|cpu-boost|cpu-throttling|session-affinity|help)$/;

/** Parses the words of one gcloud invocation (starting with the `gcloud` word); undefined when it is not a command egress-lint reads. */
export function parseCommand(words: Word[], file: string, starts: number[]): DeployCommand | undefined {
  const [gcloud, ...rest] = words;
  const flags: DeployFlag[] = [];
  const positional: Word[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (!w.text.startsWith('-') || w.text === '-' || w.text === '--') {
      positional.push(w);
      continue;
    }
    const { line, column } = position(starts, w.offset);
    const eq = w.text.indexOf('=');
    const name = (eq >= 0 ? w.text.slice(0, eq) : w.text).replace(/^-+/, '');
    if (eq >= 0) {
      flags.push({ name, value: w.unknown ? undefined : w.text.slice(eq + 1), valueUnknown: w.unknown, line, column });
      continue;
    }
    const next = rest[i + 1];
    if (w.unknown || !w.text.startsWith('--') || BOOLEAN.test(name) || !next || (next.text.startsWith('-') && !next.unknown)) {
      flags.push({ name, valueUnknown: w.unknown, line, column });
      continue;
    }
    flags.push({ name, value: next.unknown ? undefined : next.text, valueUnknown: next.unknown, line, column });
    i++;
  }
  let path = positional.map((w) => (w.unknown ? undefined : w.text));
  while (path[0] === 'beta' || path[0] === 'alpha') path = path.slice(1);
  const match = COMMANDS.filter((c) => c.every((part, k) => path[k] === part)).sort((a, b) => b.length - a.length)[0];
  if (!gcloud || !match) return undefined;
  return { command: match.join(' '), args: path.slice(match.length), flags, file, line: position(starts, gcloud.offset).line };
}

/** Reads flag values, recording the model fields whose flags carry unknown values. */
class Reader {
  readonly unknown = new Set<string>();
  constructor(readonly cmd: DeployCommand) {}

  has(name: string): boolean {
    return flagOf(this.cmd, name) !== undefined;
  }

  str(name: string, field: string): string | undefined {
    const f = flagOf(this.cmd, name);
    if (f?.valueUnknown) this.unknown.add(field);
    return f?.valueUnknown ? undefined : f?.value;
  }

  list(name: string, field: string): string[] | undefined {
    return this.str(name, field)
      ?.split(',')
      .filter((s) => s !== '');
  }

  num(name: string, field: string): number | string | undefined {
    const v = this.str(name, field);
    return v === undefined || Number.isNaN(Number(v)) ? v : Number(v);
  }

  /** The flag's value, or the API default when the flag is absent (never when its value is unknown). */
  or<T>(value: T | undefined, name: string, fallback: T): T | undefined {
    return this.has(name) ? value : fallback;
  }
}

interface Scope {
  project: string;
  region: string;
  name: string;
}

const EGRESS = table<Record<string, string>>({ 'all-traffic': 'ALL_TRAFFIC', all: 'ALL_TRAFFIC', 'private-ranges-only': 'PRIVATE_RANGES_ONLY' });

/** gcloud durations (10m, 1h30m, 600) as API durations ("600s"); other text is kept as written. */
function duration(text: string | undefined): string | undefined {
  if (text === undefined || !/^(\d+[smhd]?)+$/.test(text)) return text;
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, '': 1 };
  let seconds = 0;
  for (const m of text.matchAll(/(\d+)([smhd]?)/g)) seconds += Number(m[1]) * unit[m[2]!]!;
  return `${seconds}s`;
}

/** Paths set by a command; undefined values are removals. */
type Changes = [path: string, value: unknown][];

function runWorkload(r: Reader, kind: 'job' | 'service'): Changes {
  const base = kind === 'job' ? 'template.template' : 'template';
  const vpc = `${base}.vpcAccess`;
  const ni = `${vpc}.networkInterfaces.0`;
  const c: Changes = [];
  if (r.has('clear-vpc-connector')) c.push([`${vpc}.connector`, undefined], [`${vpc}.egress`, undefined]);
  if (r.has('clear-network')) c.push([`${vpc}.networkInterfaces`, undefined], [`${vpc}.egress`, undefined]);
  if (r.has('clear-network-tags')) c.push([`${ni}.tags`, undefined]);
  // gcloud applies --clear-vpc-connector and --clear-network after --vpc-egress, and both delete the
  // egress setting (command_lib/run/flags.py: "MUST be after 'vpc_egress' change"; ClearVpcConnectorChange
  // and ClearNetworkInterfacesChange in config_changes.py): with either, --vpc-egress is lost.
  const cleared = r.has('clear-vpc-connector') || r.has('clear-network');
  const optional: [string, unknown][] = [
    [`${vpc}.connector`, r.str('vpc-connector', 'connector')],
    [`${vpc}.egress`, cleared ? undefined : ((e) => (e === undefined ? e : (EGRESS[e] ?? e)))(r.str('vpc-egress', 'egress'))],
    [`${ni}.network`, r.str('network', 'network')],
    [`${ni}.subnetwork`, r.str('subnet', 'subnetwork')],
    [`${ni}.tags`, r.list('network-tags', 'tags')],
    [`${base}.serviceAccount`, r.str('service-account', 'serviceAccount')],
    [`${base}.containers.0.image`, r.str('image', 'image')],
    [`${base}.containers.0.resources.limits.cpu`, r.str('cpu', 'cpu')],
    [`${base}.containers.0.resources.limits.memory`, r.str('memory', 'memory')],
  ];
  if (kind === 'job') {
    optional.push(
      [`${base}.maxRetries`, r.num('max-retries', 'maxRetries')],
      [`${base}.timeout`, duration(r.str('task-timeout', 'timeout'))],
      ['template.taskCount', r.num('tasks', 'taskCount')],
      ['template.parallelism', r.num('parallelism', 'parallelism')],
    );
  } else {
    optional.push(
      ['template.scaling.maxInstanceCount', r.num('max-instances', 'maxInstances')],
      ['template.timeout', duration(r.str('timeout', 'timeout'))],
    );
  }
  return [...c, ...optional.filter(([, v]) => v !== undefined)];
}

function connector(r: Reader, s: Scope): Obj {
  const raw: Obj = { name: `projects/${s.project}/locations/${s.region}/connectors/${s.name}` };
  const subnet = r.str('subnet', 'subnet');
  const subnetProject = r.or(r.str('subnet-project', 'subnet'), 'subnet-project', s.project);
  if (subnet !== undefined) raw.subnet = { name: subnet, ...(subnetProject === undefined ? {} : { projectId: subnetProject }) };
  const network = r.or(r.str('network', 'network'), 'network', r.has('subnet') ? undefined : 'default');
  if (network !== undefined) raw.network = network;
  const range = r.str('range', 'ipCidrRange');
  if (range !== undefined) raw.ipCidrRange = range;
  const throughput = r.has('min-throughput') || r.has('max-throughput');
  Object.assign(raw, {
    minInstances: r.or(r.num('min-instances', 'minInstances'), 'min-instances', throughput ? undefined : 2),
    maxInstances: r.or(r.num('max-instances', 'maxInstances'), 'max-instances', throughput ? undefined : 10),
    minThroughput: r.num('min-throughput', 'minThroughput'),
    maxThroughput: r.num('max-throughput', 'maxThroughput'),
    machineType: r.or(r.str('machine-type', 'machineType'), 'machine-type', 'e2-micro'),
    state: 'READY',
  });
  return raw;
}

function network(r: Reader, s: Scope): Obj {
  const mode = r.or(r.str('subnet-mode', 'autoCreateSubnetworks'), 'subnet-mode', 'auto');
  const raw: Obj = { kind: 'compute#network', name: s.name, selfLink: link(s.name, 'networks', s) };
  if (mode === 'legacy') raw.IPv4Range = r.str('range', 'range');
  else if (mode !== undefined) raw.autoCreateSubnetworks = mode === 'auto';
  const routing = r.or(r.str('bgp-routing-mode', 'routingMode'), 'bgp-routing-mode', 'regional');
  if (routing !== undefined) raw.routingConfig = { routingMode: routing.toUpperCase() };
  const order = r.or(r.str('network-firewall-policy-enforcement-order', 'enforcementOrder'), 'network-firewall-policy-enforcement-order', 'AFTER_CLASSIC_FIREWALL');
  if (order !== undefined) raw.networkFirewallPolicyEnforcementOrder = order.toUpperCase();
  return raw;
}

function subnetwork(r: Reader, s: Scope): Obj {
  const net = r.str('network', 'network');
  const secondary = r.cmd.flags.filter((f) => f.name === 'secondary-range');
  if (secondary.some((f) => f.valueUnknown)) r.unknown.add('secondaryRanges');
  const ranges = secondary.flatMap((f) => (f.value ?? '').split(',').filter((x) => x.includes('=')));
  return {
    kind: 'compute#subnetwork',
    name: s.name,
    selfLink: link(s.name, 'subnetworks', s),
    region: regionLink(s.project, s.region),
    network: net === undefined ? undefined : link(net, 'networks', s),
    ipCidrRange: r.str('range', 'range'),
    secondaryIpRanges: ranges.length > 0 ? ranges.map((x) => ({ rangeName: x.split('=')[0], ipCidrRange: x.split('=')[1] })) : undefined,
    privateIpGoogleAccess: r.has('enable-private-ip-google-access'),
    purpose: r.or(r.str('purpose', 'purpose'), 'purpose', 'PRIVATE')?.toUpperCase(),
  };
}

function router(r: Reader, s: Scope): Obj {
  const net = r.str('network', 'network');
  return {
    kind: 'compute#router',
    name: s.name,
    selfLink: link(s.name, 'routers', s),
    region: regionLink(s.project, s.region),
    network: net === undefined ? undefined : link(net, 'networks', s),
  };
}

/** NAT fields a nats create/update sets (facts 5.2, 5.4); undefined values are removals. */
function natChanges(r: Reader, s: Scope): Changes {
  const c: Changes = [];
  if (r.has('nat-all-subnet-ip-ranges')) c.push(['sourceSubnetworkIpRangesToNat', 'ALL_SUBNETWORKS_ALL_IP_RANGES'], ['subnetworks', undefined]);
  if (r.has('nat-primary-subnet-ip-ranges')) c.push(['sourceSubnetworkIpRangesToNat', 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES'], ['subnetworks', undefined]);
  if (r.has('nat-custom-subnet-ip-ranges')) {
    const items = r.list('nat-custom-subnet-ip-ranges', 'subnetworks');
    const bySubnet = new Map<string, { primary: boolean; all: boolean; secondary: string[] }>();
    for (const item of items ?? []) {
      const [name, range] = item.split(':');
      const entry = bySubnet.get(name!) ?? { primary: false, all: false, secondary: [] };
      if (range === undefined) entry.primary = true;
      else if (range === 'ALL') entry.all = true;
      else entry.secondary.push(range);
      bySubnet.set(name!, entry);
    }
    const subnetworks = [...bySubnet].map(([name, e]) => ({
      name: link(name, 'subnetworks', s),
      sourceIpRangesToNat: e.all
        ? ['ALL_IP_RANGES']
        : [...(e.primary ? ['PRIMARY_IP_RANGE'] : []), ...(e.secondary.length > 0 ? ['LIST_OF_SECONDARY_IP_RANGES'] : [])],
      ...(e.secondary.length > 0 && !e.all ? { secondaryIpRangeNames: e.secondary } : {}),
    }));
    c.push(['sourceSubnetworkIpRangesToNat', 'LIST_OF_SUBNETWORKS'], ['subnetworks', items === undefined ? undefined : subnetworks]);
  }
  if (r.has('auto-allocate-nat-external-ips')) c.push(['natIpAllocateOption', 'AUTO_ONLY'], ['natIps', undefined]);
  if (r.has('nat-external-ip-pool')) {
    const pool = r.list('nat-external-ip-pool', 'natIps');
    c.push(['natIpAllocateOption', 'MANUAL_ONLY'], ['natIps', pool?.map((a) => link(a, 'addresses', s))]);
  }
  if (r.has('min-ports-per-vm')) c.push(['minPortsPerVm', r.num('min-ports-per-vm', 'minPortsPerVm')]);
  if (r.has('max-ports-per-vm')) c.push(['maxPortsPerVm', r.num('max-ports-per-vm', 'maxPortsPerVm')]);
  if (r.has('enable-dynamic-port-allocation')) c.push(['enableDynamicPortAllocation', true]);
  if (r.has('no-enable-dynamic-port-allocation')) c.push(['enableDynamicPortAllocation', false]);
  if (r.has('type')) c.push(['type', r.str('type', 'type')?.toUpperCase()]);
  return c;
}

function route(r: Reader, s: Scope): Obj {
  const net = r.or(r.str('network', 'network'), 'network', 'default');
  const hop = (flag: string): string | undefined => r.str(flag, 'nextHop');
  const gateway = hop('next-hop-gateway');
  const instance = hop('next-hop-instance');
  const zone = hop('next-hop-instance-zone');
  const ilb = hop('next-hop-ilb');
  const tunnel = hop('next-hop-vpn-tunnel');
  const hopScope = (flag: string): Scope => ({ ...s, region: r.or(hop(flag), flag, s.region) ?? UNKNOWN });
  return {
    kind: 'compute#route',
    name: s.name,
    selfLink: link(s.name, 'routes', s),
    network: net === undefined ? undefined : link(net, 'networks', s),
    destRange: r.str('destination-range', 'destRange'),
    priority: r.or(r.num('priority', 'priority'), 'priority', 1000),
    tags: r.list('tags', 'tags'),
    nextHopGateway: gateway === undefined ? undefined : gateway.includes('/') ? gateway : `${API}projects/${s.project}/global/gateways/${gateway}`,
    nextHopInstance:
      instance === undefined ? undefined : instance.includes('/') ? instance : `${API}projects/${s.project}/zones/${zone ?? UNKNOWN}/instances/${instance}`,
    nextHopIp: hop('next-hop-address'),
    nextHopIlb: ilb === undefined || /^[\d.]+$/.test(ilb) ? ilb : link(ilb, 'forwardingRules', hopScope('next-hop-ilb-region')),
    nextHopVpnTunnel: tunnel === undefined ? undefined : link(tunnel, 'vpnTunnels', hopScope('next-hop-vpn-tunnel-region')),
  };
}

function firewall(r: Reader, s: Scope): Obj {
  const net = r.or(r.str('network', 'network'), 'network', 'default');
  const dir = r.or(r.str('direction', 'direction'), 'direction', 'INGRESS')?.toUpperCase();
  const direction = dir === 'IN' ? 'INGRESS' : dir === 'OUT' ? 'EGRESS' : dir;
  const action = r.or(r.str('action', 'action'), 'action', 'ALLOW')?.toUpperCase();
  const rules = (r.has('rules') ? r.list('rules', 'matches') : r.list('allow', 'matches'))?.map((rule) => {
    const [protocol, ports] = rule.split(':');
    return ports === undefined ? { IPProtocol: protocol } : { IPProtocol: protocol, ports: ports.split(',') };
  });
  const ranges = (flag: string, field: string): string[] | undefined => {
    const list = r.list(flag, field);
    return list && list.length > 0 ? list : undefined;
  };
  const sourceRanges = ranges('source-ranges', 'sourceRanges');
  const sourceTags = ranges('source-tags', 'sourceTags');
  const sourceServiceAccounts = ranges('source-service-accounts', 'sourceServiceAccounts');
  const destinationRanges = ranges('destination-ranges', 'destinationRanges');
  const noSource = !sourceRanges && !sourceTags && !sourceServiceAccounts && !r.has('source-ranges') && !r.has('source-tags') && !r.has('source-service-accounts');
  return {
    kind: 'compute#firewall',
    name: s.name,
    selfLink: link(s.name, 'firewalls', s),
    network: net === undefined ? undefined : link(net, 'networks', s),
    direction,
    priority: r.or(r.num('priority', 'priority'), 'priority', 1000),
    [action === 'DENY' ? 'denied' : 'allowed']: rules,
    sourceRanges: direction === 'INGRESS' && noSource ? ['0.0.0.0/0'] : sourceRanges,
    destinationRanges: direction === 'EGRESS' && !destinationRanges && !r.has('destination-ranges') ? ['0.0.0.0/0'] : destinationRanges,
    sourceTags,
    sourceServiceAccounts,
    targetTags: ranges('target-tags', 'targetTags'),
    targetServiceAccounts: ranges('target-service-accounts', 'targetServiceAccounts'),
    disabled: r.has('disabled'),
  };
}

const GLOBAL = /^compute (networks (create|delete)|routes|firewall-rules)/;

/** Adds what one command leaves behind (resources, patches, deletions) to the collector and names cmd.resource. */
export function applyCommand(cmd: DeployCommand, defaults: { project?: string; region?: string }, out: Collector): void {
  const r = new Reader(cmd);
  const regional = !GLOBAL.test(cmd.command);
  const project = r.or(r.str('project', 'project'), 'project', defaults.project);
  const region = regional ? r.or(r.str('region', 'region'), 'region', defaults.region) : undefined;
  const isNat = cmd.command.startsWith('compute routers nats');
  const name = isNat ? r.str('router', 'name') : cmd.args[0];
  if (project === undefined) r.unknown.add('project');
  if (regional && region === undefined) r.unknown.add('region');
  if (name === undefined) r.unknown.add('name');
  const s: Scope = { project: project ?? UNKNOWN, region: region ?? UNKNOWN, name: name ?? UNKNOWN };
  const source = { file: cmd.file, pointer: '', line: cmd.line };
  const job = cmd.command.startsWith('run jobs');
  const fullName = (n: string): string => {
    if (cmd.command.startsWith('run ')) return workloadName(job ? 'job' : 'service', s.project, s.region, n);
    if (cmd.command.includes('vpc-access')) return connectorName(s.project, s.region, n);
    const collection = /subnets/.test(cmd.command) ? 'subnetworks' : /routers/.test(cmd.command) ? 'routers' : /routes/.test(cmd.command) ? 'routes' : /firewall/.test(cmd.command) ? 'firewalls' : 'networks';
    return computeName(s.project, collection, n, regional ? s.region : undefined);
  };
  // Named even when parts are unknown (UNKNOWN segments), so findings and fingerprints stay stable.
  cmd.resource = fullName(s.name);
  const add = (raw: Obj, patchFields?: string[]): void => {
    const resource: DeployResource = { raw: clean(raw), resource: fullName(s.name), source, unknownFields: [...r.unknown] };
    if (patchFields) Object.assign(resource, { patch: true, patchFields: [...new Set(patchFields)] });
    out.add(resource);
  };

  if (cmd.command === 'compute routers nats delete') {
    const names = cmd.args.filter((a): a is string => a !== undefined);
    add(router(r, s), names.map((n) => `nats[name=${n}]`));
  } else if (cmd.command.endsWith(' delete')) {
    for (const n of cmd.args) out.delete(fullName(n ?? UNKNOWN), source);
  } else if (cmd.command.startsWith('run ')) {
    const raw: Obj = { name: `projects/${s.project}/locations/${s.region}/${job ? 'jobs' : 'services'}/${s.name}` };
    const changes = runWorkload(r, job ? 'job' : 'service');
    for (const [path, value] of changes) setPath(raw, path, value);
    add(raw, cmd.command.endsWith(' update') ? changes.map(([path]) => path) : undefined);
  } else if (isNat) {
    const natName = cmd.args[0] ?? UNKNOWN;
    const changes = natChanges(r, s);
    const nat: Obj = { name: natName };
    for (const [path, value] of changes) if (value !== undefined) nat[path] = value;
    const raw = { ...router(r, s), nats: [nat] };
    const key = `nats[name=${natName}]`;
    add(raw, cmd.command.endsWith(' create') ? [key] : changes.map(([path]) => `${key}.${path}`));
  } else {
    const build: Record<string, (r: Reader, s: Scope) => Obj> = {
      'compute networks vpc-access connectors create': connector,
      'compute networks create': network,
      'compute networks subnets create': subnetwork,
      'compute routers create': router,
      'compute routes create': route,
      'compute firewall-rules create': firewall,
    };
    add(build[cmd.command]!(r, s));
  }
}
