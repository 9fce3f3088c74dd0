// Terraform plans (`terraform show -json PLANFILE`) → raw API resources. planned_values gives the
// state after apply (values known only after apply are absent there and `true` in
// resource_changes[].change.after_unknown); resource_changes gives deletions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { SourceRef } from '../model.js';
import { computeName, connectorName, resolveComputeRef, shortName, workloadName } from '../names.js';
import { Collector } from './collect.js';
import { InputError } from '../errors.js';
import { API, clean, link, regionLink, type Obj } from './raw.js';
import { lineStarts, position } from './sources.js';
import { UNKNOWN, type DeployInput } from './types.js';

interface Mapped {
  resource: string;
  raw: Obj;
  /** For resources that live inside a parent (NAT in router, rule in policy): the parent's element key. */
  childKey?: string;
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
const list = (x: unknown): Obj[] => (Array.isArray(x) ? (x as Obj[]) : []);
const block = (x: unknown): Obj | undefined => list(x)[0];
const nonEmpty = (x: unknown): unknown[] | undefined => (Array.isArray(x) && x.length > 0 ? x : undefined);
const camel = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(camel)
    : x !== null && typeof x === 'object'
      ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), camel(v)]))
      : x;

/** Model fields each attribute path (space-separated, list indices left out) stands for, for unknownFields. */
const vpcFields = (t: string): Record<string, string> => ({
  [`${t} vpc_access connector`]: 'connector',
  [`${t} vpc_access egress`]: 'egress',
  [`${t} vpc_access network_interfaces network`]: 'network',
  [`${t} vpc_access network_interfaces subnetwork`]: 'subnetwork',
  [`${t} vpc_access network_interfaces tags`]: 'tags',
  [`${t} service_account`]: 'serviceAccount',
});
const ANNOTATIONS = 'template metadata annotations run.googleapis.com/';
const FIELDS: Record<string, Record<string, string>> = {
  google_cloud_run_v2_job: vpcFields('template template'),
  google_cloud_run_v2_service: { ...vpcFields('template'), 'template scaling max_instance_count': 'maxInstances' },
  google_cloud_run_service: {
    [`${ANNOTATIONS}vpc-access-connector`]: 'connector',
    [`${ANNOTATIONS}vpc-access-egress`]: 'egress',
    [`${ANNOTATIONS}network-interfaces`]: 'networkInterfaces',
    'template spec service_account_name': 'serviceAccount',
  },
  google_vpc_access_connector: {
    network: 'network',
    ip_cidr_range: 'ipCidrRange',
    subnet: 'subnet',
    machine_type: 'machineType',
    min_instances: 'minInstances',
    max_instances: 'maxInstances',
  },
  google_compute_network: { auto_create_subnetworks: 'autoCreateSubnetworks', network_firewall_policy_enforcement_order: 'enforcementOrder' },
  google_compute_subnetwork: {
    network: 'network',
    ip_cidr_range: 'range',
    secondary_ip_range: 'secondaryRanges',
    private_ip_google_access: 'privateIpGoogleAccess',
    purpose: 'purpose',
  },
  google_compute_router: { network: 'network' },
  google_compute_router_nat: {
    router: 'name',
    source_subnetwork_ip_ranges_to_nat: 'sourceSubnetworkIpRangesToNat',
    subnetwork: 'subnetworks',
    nat_ip_allocate_option: 'natIpAllocateOption',
    nat_ips: 'natIps',
    min_ports_per_vm: 'minPortsPerVm',
    enable_dynamic_port_allocation: 'enableDynamicPortAllocation',
  },
  google_compute_route: {
    network: 'network',
    dest_range: 'destRange',
    priority: 'priority',
    tags: 'tags',
    next_hop_gateway: 'nextHop',
    next_hop_instance: 'nextHop',
    next_hop_ip: 'nextHop',
    next_hop_ilb: 'nextHop',
    next_hop_vpn_tunnel: 'nextHop',
  },
  google_compute_firewall: {
    network: 'network',
    direction: 'direction',
    priority: 'priority',
    allow: 'matches',
    deny: 'matches',
    source_ranges: 'sourceRanges',
    destination_ranges: 'destinationRanges',
    source_tags: 'sourceTags',
    target_tags: 'targetTags',
    source_service_accounts: 'sourceServiceAccounts',
    target_service_accounts: 'targetServiceAccounts',
    disabled: 'disabled',
  },
  google_compute_network_firewall_policy: {},
  google_compute_network_firewall_policy_rule: {
    firewall_policy: 'name',
    priority: 'rules',
    direction: 'rules',
    action: 'rules',
    match: 'rules',
    target_service_accounts: 'rules',
    target_secure_tags: 'rules',
    disabled: 'rules',
  },
  google_compute_network_firewall_policy_association: { firewall_policy: 'name', attachment_target: 'networks' },
  google_compute_global_address: { address: 'range', prefix_length: 'range', purpose: 'purpose', network: 'network' },
};
const COMMON: Record<string, string> = { project: 'project', name: 'name', location: 'region', region: 'region' };
/** Resources that are elements of a parent's list; they are laid over the parent after it is read. */
const CHILDREN = new Set(['google_compute_router_nat', 'google_compute_network_firewall_policy_rule', 'google_compute_network_firewall_policy_association']);

const REGIONAL = new Set(['google_vpc_access_connector', 'google_compute_subnetwork', 'google_compute_router', 'google_compute_router_nat']);

/** Paths (attribute names, list indices left out) whose value is `true` in an after_unknown tree. */
function unknownPaths(x: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (x === true) out.push(path);
  else if (Array.isArray(x)) x.forEach((e) => unknownPaths(e, path, out));
  else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) unknownPaths(v, [...path, k], out);
  return out;
}

function unknownFields(type: string, afterUnknown: unknown, missing: Set<string>): string[] {
  const table = { ...COMMON, ...FIELDS[type] };
  const fields = new Set(missing);
  for (const path of unknownPaths(afterUnknown)) {
    for (const [key, field] of Object.entries(table)) {
      const k = key.split(' ');
      const n = Math.min(k.length, path.length);
      if (k.slice(0, n).every((part, i) => part === path[i])) fields.add(field);
    }
  }
  return [...fields];
}

/** The raw REST resource for a Terraform resource's values; undefined for types egress-lint does not read. */
function toRaw(type: string, v: Obj, missing: Set<string>): Mapped | undefined {
  const need = (value: unknown, field: string): string => {
    const s = str(value);
    if (s === undefined) missing.add(field);
    return s ?? UNKNOWN;
  };
  const project = need(v.project, 'project');
  const region = type.startsWith('google_cloud_run') ? need(v.location, 'region') : REGIONAL.has(type) ? need(v.region, 'region') : UNKNOWN;
  const name = shortName(need(v.name, 'name'));
  const scope = { project, region };
  const ref = (x: unknown, collection: Parameters<typeof link>[1], s = scope): string | undefined => {
    const r = str(x);
    return r === undefined ? undefined : link(r, collection, s);
  };
  const selfLink = (collection: Parameters<typeof link>[1]): string => link(name, collection, scope);
  const interfaces = (va: Obj | undefined): Obj[] | undefined =>
    va && nonEmpty(va.network_interfaces)
      ? list(va.network_interfaces).map((ni) => ({ network: str(ni.network), subnetwork: str(ni.subnetwork), tags: nonEmpty(ni.tags) }))
      : undefined;
  const vpcAccess = (va: Obj | undefined): Obj | undefined =>
    va && { connector: str(va.connector), egress: str(va.egress), networkInterfaces: interfaces(va) };
  switch (type) {
    case 'google_cloud_run_v2_job': {
      const t = block(v.template);
      const tt = block(t?.template);
      return {
        resource: workloadName('job', project, region, name),
        raw: {
          name: `projects/${project}/locations/${region}/jobs/${name}`,
          template: {
            taskCount: t?.task_count,
            parallelism: t?.parallelism,
            template: { vpcAccess: vpcAccess(block(tt?.vpc_access)), serviceAccount: str(tt?.service_account), maxRetries: tt?.max_retries, timeout: tt?.timeout },
          },
        },
      };
    }
    case 'google_cloud_run_v2_service': {
      const t = block(v.template);
      return {
        resource: workloadName('service', project, region, name),
        raw: {
          name: `projects/${project}/locations/${region}/services/${name}`,
          template: {
            vpcAccess: vpcAccess(block(t?.vpc_access)),
            serviceAccount: str(t?.service_account),
            scaling: { maxInstanceCount: block(t?.scaling)?.max_instance_count },
          },
        },
      };
    }
    case 'google_cloud_run_service': {
      const t = block(v.template);
      return {
        resource: workloadName('service', project, region, name),
        raw: {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Service',
          metadata: { name, namespace: project, labels: { 'cloud.googleapis.com/location': region } },
          spec: { template: { metadata: { annotations: block(t?.metadata)?.annotations }, spec: { serviceAccountName: str(block(t?.spec)?.service_account_name) } } },
        },
      };
    }
    case 'google_vpc_access_connector': {
      const subnet = block(v.subnet);
      return {
        resource: connectorName(project, region, name),
        raw: {
          name: `projects/${project}/locations/${region}/connectors/${name}`,
          network: str(v.network),
          ipCidrRange: str(v.ip_cidr_range),
          subnet: subnet && str(subnet.name) ? { name: subnet.name, projectId: str(subnet.project_id) } : undefined,
          minInstances: v.min_instances,
          maxInstances: v.max_instances,
          minThroughput: v.min_throughput,
          maxThroughput: v.max_throughput,
          machineType: str(v.machine_type),
          state: str(v.state) ?? 'READY',
        },
      };
    }
    case 'google_compute_network':
      return {
        resource: computeName(project, 'networks', name),
        raw: {
          kind: 'compute#network',
          name,
          selfLink: selfLink('networks'),
          autoCreateSubnetworks: v.auto_create_subnetworks,
          routingConfig: str(v.routing_mode) && { routingMode: v.routing_mode },
          networkFirewallPolicyEnforcementOrder: str(v.network_firewall_policy_enforcement_order),
        },
      };
    case 'google_compute_subnetwork':
      return {
        resource: computeName(project, 'subnetworks', name, region),
        raw: {
          kind: 'compute#subnetwork',
          name,
          selfLink: selfLink('subnetworks'),
          region: regionLink(project, region),
          network: ref(v.network, 'networks'),
          ipCidrRange: str(v.ip_cidr_range),
          secondaryIpRanges: nonEmpty(v.secondary_ip_range) && list(v.secondary_ip_range).map((r) => ({ rangeName: r.range_name, ipCidrRange: r.ip_cidr_range })),
          privateIpGoogleAccess: v.private_ip_google_access,
          purpose: str(v.purpose),
        },
      };
    case 'google_compute_router':
      return {
        resource: computeName(project, 'routers', name, region),
        raw: { kind: 'compute#router', name, selfLink: selfLink('routers'), region: regionLink(project, region), network: ref(v.network, 'networks') },
      };
    case 'google_compute_router_nat': {
      const router = resolveComputeRef(need(v.router, 'name'), 'routers', scope)!;
      const nat = {
        name,
        type: str(v.type),
        sourceSubnetworkIpRangesToNat: str(v.source_subnetwork_ip_ranges_to_nat),
        subnetworks:
          nonEmpty(v.subnetwork) &&
          list(v.subnetwork).map((s) => ({
            name: ref(s.name, 'subnetworks'),
            sourceIpRangesToNat: s.source_ip_ranges_to_nat,
            secondaryIpRangeNames: nonEmpty(s.secondary_ip_range_names),
          })),
        natIpAllocateOption: str(v.nat_ip_allocate_option),
        natIps: nonEmpty(v.nat_ips)?.map((a) => ref(a, 'addresses')),
        minPortsPerVm: v.min_ports_per_vm,
        maxPortsPerVm: v.max_ports_per_vm,
        enableDynamicPortAllocation: v.enable_dynamic_port_allocation,
        enableEndpointIndependentMapping: v.enable_endpoint_independent_mapping,
      };
      return {
        resource: router,
        raw: { kind: 'compute#router', name: shortName(router), selfLink: router.replace('//compute.googleapis.com/', API), region: regionLink(project, region), nats: [nat] },
        childKey: `nats[name=${name}]`,
      };
    }
    case 'google_compute_route': {
      const gateway = str(v.next_hop_gateway);
      const instance = str(v.next_hop_instance);
      const ilb = str(v.next_hop_ilb);
      return {
        resource: computeName(project, 'routes', name),
        raw: {
          kind: 'compute#route',
          name,
          selfLink: selfLink('routes'),
          network: ref(v.network, 'networks'),
          destRange: str(v.dest_range),
          priority: v.priority,
          tags: nonEmpty(v.tags),
          nextHopGateway: gateway && !gateway.includes('/') ? `${API}projects/${project}/global/gateways/${gateway}` : gateway,
          nextHopInstance:
            instance && !instance.includes('/') ? `${API}projects/${project}/zones/${str(v.next_hop_instance_zone) ?? UNKNOWN}/instances/${instance}` : instance,
          nextHopIp: str(v.next_hop_ip),
          nextHopIlb: ilb && !/^[\d.]+$/.test(ilb) ? ref(ilb, 'forwardingRules') : ilb,
          nextHopVpnTunnel: ref(v.next_hop_vpn_tunnel, 'vpnTunnels'),
        },
      };
    }
    case 'google_compute_firewall': {
      const rules = (x: unknown): Obj[] | undefined =>
        nonEmpty(x) && list(x).map((a) => ({ IPProtocol: a.protocol, ports: nonEmpty(a.ports) }));
      return {
        resource: computeName(project, 'firewalls', name),
        raw: {
          kind: 'compute#firewall',
          name,
          selfLink: selfLink('firewalls'),
          network: ref(v.network, 'networks'),
          direction: str(v.direction),
          priority: v.priority,
          allowed: rules(v.allow),
          denied: rules(v.deny),
          sourceRanges: nonEmpty(v.source_ranges),
          destinationRanges: nonEmpty(v.destination_ranges),
          sourceTags: nonEmpty(v.source_tags),
          targetTags: nonEmpty(v.target_tags),
          sourceServiceAccounts: nonEmpty(v.source_service_accounts),
          targetServiceAccounts: nonEmpty(v.target_service_accounts),
          disabled: v.disabled,
        },
      };
    }
    case 'google_compute_network_firewall_policy':
      return { resource: computeName(project, 'firewallPolicies', name), raw: policy(project, name, v.description) };
    case 'google_compute_network_firewall_policy_rule':
    case 'google_compute_network_firewall_policy_association': {
      const policyName = shortName(need(v.firewall_policy, 'name'));
      const rule = type.endsWith('_rule');
      const element = rule
        ? {
            priority: v.priority,
            direction: str(v.direction),
            action: str(v.action),
            disabled: v.disabled,
            ruleName: str(v.rule_name),
            description: str(v.description),
            match: camel(block(v.match)),
            targetServiceAccounts: nonEmpty(v.target_service_accounts),
            targetSecureTags: nonEmpty(v.target_secure_tags) && camel(v.target_secure_tags),
          }
        : { name, attachmentTarget: str(v.attachment_target) };
      return {
        resource: computeName(project, 'firewallPolicies', policyName),
        raw: { ...policy(project, policyName), [rule ? 'rules' : 'associations']: [element] },
        childKey: rule ? `rules[priority=${String(v.priority)}]` : `associations[name=${name}]`,
      };
    }
    case 'google_compute_global_address':
      return {
        resource: computeName(project, 'addresses', name),
        raw: {
          kind: 'compute#address',
          name,
          selfLink: selfLink('addresses'),
          address: str(v.address),
          prefixLength: v.prefix_length,
          purpose: str(v.purpose),
          addressType: str(v.address_type),
          network: ref(v.network, 'networks'),
        },
      };
    default:
      return undefined;
  }
}

function policy(project: string, name: string, description?: unknown): Obj {
  return { kind: 'compute#firewallPolicy', name, selfLink: `${API}projects/${project}/global/firewallPolicies/${name}`, description: str(description) };
}

/**
 * Maps resource addresses to the `resource "TYPE" "NAME"` block in the .tf files under dir.
 * Approximation: module paths are not followed; a resource in a module matches by type and name,
 * preferring a file under a directory named like the innermost module, else the first file in path order.
 */
function tfLocator(dir: string): (address: string) => SourceRef | undefined {
  const blocks: { type: string; name: string; file: string; line: number }[] = [];
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tf')).sort();
  for (const f of files) {
    const file = join(dir, f);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = /^\s*resource\s+"([^"]+)"\s+"([^"]+)"/.exec(text);
        if (m) blocks.push({ type: m[1]!, name: m[2]!, file, line: i + 1 });
      });
  }
  return (address) => {
    const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
    const [type, name] = parts.slice(-2);
    const module = parts.filter((_, i) => parts[i - 1] === 'module').pop();
    const candidates = blocks.filter((b) => b.type === type && b.name === name);
    const best = candidates.find((b) => module !== undefined && b.file.split(sep).includes(module)) ?? candidates[0];
    return best && { file: best.file, pointer: '', line: best.line };
  };
}

/** The `id` Terraform gives a resource that others reference (a form every API here accepts as a reference). */
function idOf(type: string, v: Obj): string | undefined {
  const project = str(v.project);
  const name = str(v.name);
  const region = str(v.region);
  if (!project || !name) return undefined;
  const regional = (collection: string) => region && `projects/${project}/regions/${region}/${collection}/${name}`;
  switch (type) {
    case 'google_compute_network':
      return `projects/${project}/global/networks/${name}`;
    case 'google_compute_global_address':
      return `projects/${project}/global/addresses/${name}`;
    case 'google_compute_network_firewall_policy':
      return `projects/${project}/global/firewallPolicies/${name}`;
    case 'google_compute_subnetwork':
      return regional('subnetworks');
    case 'google_compute_router':
      return regional('routers');
    case 'google_vpc_access_connector':
      return region && `projects/${project}/locations/${region}/connectors/${name}`;
    default:
      return undefined;
  }
}

/** A module of the plan's `configuration`, with its address prefix and the call that made it. */
interface ConfigModule {
  module: Obj | undefined;
  prefix: string;
  call?: { expressions: Obj | undefined; parent: ConfigModule };
}

/** Attributes whose reference stands for the resource itself (`x.id`, `x.name`, `x.self_link`). */
const IDENTITY = new Set(['id', 'name', 'self_link']);
/** Reference heads that name no resource of the plan. */
const NOT_RESOURCES = new Set(['local', 'data', 'each', 'count', 'self', 'path', 'terraform']);

/**
 * The address of the one planned resource an expression's references name, following module outputs
 * (`module.net.network_id`) and module variables (`var.network`). Undefined when they name none, several,
 * or a non-identity attribute (`x.ip_cidr_range`). Approximation: references say what an expression reads,
 * not what it computes, so `"${x.name}-suffix"` is taken for x itself; the usual `network = x.id` is exact.
 */
function referenced(refs: unknown, at: ConfigModule, planned: ReadonlySet<string>): string | undefined {
  const found = new Set<string>();
  for (const ref of Array.isArray(refs) ? refs : []) {
    const [head, a, b] = String(ref).split('.');
    let address: string | undefined;
    if (head === 'module') {
      if (b === undefined) continue; // the call itself, listed beside its output
      const call = (at.module?.module_calls as Obj | undefined)?.[a!] as Obj | undefined;
      const module = call?.module as Obj | undefined;
      const output = (module?.outputs as Obj | undefined)?.[b] as Obj | undefined;
      const inner: ConfigModule = { module, prefix: `${at.prefix}module.${a}.`, call: { expressions: call?.expressions as Obj | undefined, parent: at } };
      address = referenced((output?.expression as Obj | undefined)?.references, inner, planned);
    } else if (head === 'var') {
      address = at.call && referenced((at.call.expressions?.[a!] as Obj | undefined)?.references, at.call.parent, planned);
    } else if (NOT_RESOURCES.has(head!)) {
      return undefined;
    } else if (b === undefined) {
      continue; // the resource itself, listed beside its attribute
    } else if (IDENTITY.has(b)) {
      address = `${at.prefix}${head}.${a}`;
    }
    if (address === undefined || !planned.has(address)) return undefined;
    found.add(address);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * Fills each value unknown until apply (`true` in unknown) whose expression references one resource of
 * the plan with that resource's id, and marks it known. Values, unknown and expressions are parallel
 * trees: attributes by name, blocks as lists.
 */
function fill(values: Obj, unknown: Obj, expressions: Obj | undefined, idFor: (refs: unknown) => string | undefined): void {
  for (const [k, u] of Object.entries(unknown)) {
    if (u === true) {
      const id = idFor((expressions?.[k] as Obj | undefined)?.references);
      if (id !== undefined) [values[k], unknown[k]] = [id, false];
    } else if (Array.isArray(u)) {
      u.forEach((item, i) => {
        const value = list(values[k])[i];
        if (value && item !== null && typeof item === 'object') fill(value, item as Obj, list(expressions?.[k])[i], idFor);
      });
    }
  }
}

interface PlannedResource {
  address: string;
  mode?: string;
  type: string;
  values?: Obj;
}

/** Reads a Terraform JSON plan. Throws InputError when the text is not JSON or not a plan. */
export function parseTerraformPlan(file: string, text: string, opts: { tfDir?: string }): DeployInput {
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors[0] || !root) {
    const { line, column } = position(starts, errors[0]?.offset ?? 0);
    throw new InputError(file, `${line}:${column}`, `not valid JSON (${errors[0] ? printParseErrorCode(errors[0].error) : 'empty'})`, line);
  }
  const plan = getNodeValue(root) as Obj;
  if (plan === null || typeof plan !== 'object' || typeof plan.format_version !== 'string' || !(plan.planned_values || plan.resource_changes)) {
    throw new InputError(file, '', 'not a Terraform plan: expected the output of `terraform show -json PLANFILE` (format_version, planned_values, resource_changes)');
  }
  const out = new Collector();
  if (!plan.format_version.startsWith('1.')) out.input.warnings.push(`${file}: Terraform JSON format_version ${plan.format_version} is not 1.x; read as 1.x`);
  const locate = opts.tfDir === undefined ? undefined : tfLocator(opts.tfDir);
  const lineOf = (path: (string | number)[]): number => position(starts, findNodeAtLocation(root, path)?.offset ?? 0).line;
  const sourceOf = (address: string, path: (string | number)[]): SourceRef =>
    locate?.(address) ?? { file, pointer: `/${path.join('/')}`, line: lineOf(path) };

  const changes = list(plan.resource_changes).filter((c) => c.mode === 'managed');
  const afterUnknown = new Map(changes.map((c) => [String(c.address), structuredClone((c.change as Obj | undefined)?.after_unknown)]));

  const planned: { r: PlannedResource; path: (string | number)[] }[] = [];
  const walk = (module: Obj | undefined, path: (string | number)[]): void => {
    list(module?.resources).forEach((r, i) => planned.push({ r: r as unknown as PlannedResource, path: [...path, 'resources', i] }));
    list(module?.child_modules).forEach((m, i) => walk(m, [...path, 'child_modules', i]));
  };
  walk((plan.planned_values as Obj | undefined)?.root_module as Obj | undefined, ['planned_values', 'root_module']);
  planned.sort((a, b) => Number(CHILDREN.has(a.r.type)) - Number(CHILDREN.has(b.r.type)));

  // Each resource's configuration, by address without instance keys, to resolve what is unknown until apply.
  const configs = new Map<string, { expressions: Obj | undefined; at: ConfigModule }>();
  const configure = (at: ConfigModule): void => {
    for (const r of list(at.module?.resources)) configs.set(`${at.prefix}${String(r.address)}`, { expressions: r.expressions as Obj | undefined, at });
    for (const [name, call] of Object.entries((at.module?.module_calls as Record<string, Obj> | undefined) ?? {}))
      configure({ module: call.module as Obj | undefined, prefix: `${at.prefix}module.${name}.`, call: { expressions: call.expressions as Obj | undefined, parent: at } });
  };
  configure({ module: (plan.configuration as Obj | undefined)?.root_module as Obj | undefined, prefix: '' });
  const byAddress = new Map(planned.filter(({ r }) => r.mode !== 'data').map(({ r }) => [r.address, r]));
  const addresses = new Set(byAddress.keys());

  for (const { r, path } of planned) {
    if (r.mode === 'data') continue;
    const unknown = afterUnknown.get(r.address);
    const config = configs.get(r.address.replace(/\[[^\]]*\]/g, ''));
    if (config && unknown !== null && typeof unknown === 'object') {
      const idFor = (refs: unknown): string | undefined => {
        const target = byAddress.get(referenced(refs, config.at, addresses) ?? '');
        return target && idOf(target.type, target.values ?? {});
      };
      fill((r.values ??= {}), unknown as Obj, config.expressions, idFor);
    }
    const missing = new Set<string>();
    const mapped = toRaw(r.type, r.values ?? {}, missing);
    if (!mapped) continue;
    out.add({
      raw: clean(mapped.raw),
      resource: mapped.resource,
      source: sourceOf(r.address, path),
      unknownFields: unknownFields(r.type, unknown, missing),
      address: r.address,
      ...(mapped.childKey ? { patch: true as const, patchFields: [mapped.childKey] } : {}),
    });
  }

  const deletions = changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => JSON.stringify((c.change as Obj).actions) === '["delete"]')
    .sort((a, b) => Number(CHILDREN.has(String(a.c.type))) - Number(CHILDREN.has(String(b.c.type))));
  const deleted = new Set<string>();
  for (const { c, i } of deletions) {
    const mapped = toRaw(String(c.type), ((c.change as Obj).before as Obj) ?? {}, new Set());
    if (!mapped) continue;
    const source = sourceOf(String(c.address), ['resource_changes', i]);
    if (!mapped.childKey) {
      deleted.add(mapped.resource);
      out.delete(mapped.resource, source);
    } else if (!deleted.has(mapped.resource)) {
      const raw = { ...mapped.raw, nats: undefined, rules: undefined, associations: undefined };
      out.add({ raw: clean(raw), resource: mapped.resource, source, unknownFields: [], address: String(c.address), patch: true, patchFields: [mapped.childKey] });
    }
  }
  return out.input;
}
