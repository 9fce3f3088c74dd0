// Helpers shared by the configuration rules.
import { commandTarget, flagOf } from '../src/deploy/commands.js';
import {
  after,
  connectorCreate,
  connectorRef,
  connectorSettings,
  connectorCommand,
  fixText,
  scriptFix,
  subnetCreate,
  uniqueConnectorName,
  uniqueName,
  workloadFix,
  type ConnectorPlacement,
  type Fix,
} from '../src/fix.js';
import { freeConnectorRange, type FreeRangeOptions } from '../src/free-range.js';
import { describeWorkload } from '../src/describe.js';
import { connectorsIn, groupedBy, pushTo } from '../src/lookup.js';

export { connectorsIn };
import { UNKNOWN } from '../src/deploy/types.js';
import type { Connector, CoverageEntry, DeployCommand, DeployFlag, Model, ResourceBase, SourceRef, Workload } from '../src/model.js';
import { connectorName, projectOf, regionOf, shortName } from '../src/names.js';
import type { Report, RuleContext } from '../src/rule.js';
import type { Cidr } from '../src/ip.js';

/** False (and "not evaluated") when any of the fields a rule reads is unknown until deploy (a $VAR in a script). */
export function fieldsKnown(ctx: RuleContext, r: ResourceBase, fields: readonly string[]): boolean {
  const unknown = fields.filter((f) => r.unknownFields?.includes(f));
  if (unknown.length === 0) return true;
  ctx.notEvaluated(r.id, `${unknown.map((f) => `"${f}"`).join(', ')} not known until deploy`);
  return false;
}

/**
 * Where a gcloud rule's finding points: the command's resource, the flag's line, and the command as
 * discriminator (one finding per rule and command kind on a resource: part of the fingerprint).
 */
export function atFlag(cmd: DeployCommand, flag: DeployFlag): Pick<Report, 'resource' | 'discriminator' | 'source'> {
  return { resource: commandTarget(cmd), discriminator: `gcloud ${cmd.command}`, source: { file: cmd.file, pointer: '', line: flag.line } };
}


// ---- Fixes of the configuration rules: the values the input decides -------------------------------
// Commands are built in src/fix.ts; these pick what goes in them (a connector, a network, a free /28,
// the script command to change) and say in each fix's summary what was picked and what was not seen.

/** A fix list as a message ends with it: each summary and its commands, "; or " between them. */
export function fixesText(fixes: readonly Fix[]): string {
  return fixes.map(fixText).join('; or ');
}

/** The workloads that name a connector (one grouping, shared by every rule: see connectorsIn). */
export function workloadsUsing(model: Model, connector: string): readonly Workload[] {
  return groupedBy(model.workloads, 'connector', (w) => w.connector, connector);
}

/**
 * The script command that defines a resource when it is the only command of the input that touches it
 * and is not an update: a fix then changes that command (it may not have run yet, and a later run
 * would undo an update made beside it). Undefined for snapshots, plans and resources several commands
 * change (their fix is made on the resource as it stands).
 */
export function definingCommand(model: Model, r: ResourceBase): DeployCommand | undefined {
  if (!r.source || model.commands.length === 0) return undefined;
  const touching = groupedBy(model.commands, 'resource', (c) => c.resource, r.id);
  const cmd = touching.length === 1 ? touching[0]! : undefined;
  if (!cmd || cmd.command.endsWith(' update') || cmd.command.endsWith(' delete')) return undefined;
  return cmd.file === r.source.file && cmd.line === r.source.line ? cmd : undefined;
}

/** "a", "b" and "c" — quoted names for a summary. */
const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/**
 * The connector a workload should use among those of a project and region: READY ones first, then by
 * name (deterministic), with the words that say which was picked and why.
 */
export function pickConnector(model: Model, project: string, region: string): { connector: Connector; why: string } | undefined {
  const all = [...connectorsIn(model, project, region)].sort((a, b) => Number(b.state === 'READY') - Number(a.state === 'READY') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const connector = all[0];
  if (!connector) return undefined;
  const where = `of ${projectWords(project)} in ${region}`;
  const ready = all.filter((c) => c.state === 'READY').length;
  const why =
    all.length === 1
      ? `the only connector ${where}`
      : `the first by name of the ${ready > 0 ? `${ready} READY ` : ''}connectors ${where} (${quoted(all.map((c) => c.name))}; pick another there if it fits better)`;
  return { connector, why };
}

/** The network a new connector or subnet joins: the one given, else the project's only network; or why it cannot be told. */
export function networkOf(model: Model, project: string, given?: string): { network: string } | { why: string } {
  if (given) return { network: given };
  if (!model.coverage.has('networks', project)) return { why: `the input does not have ${missingWords([{ collection: 'networks', project }])}, so the network to use cannot be told` };
  const networks = model.networks.filter((n) => n.project === project);
  if (networks.length === 1) return { network: networks[0]!.id };
  return {
    why: networks.length
      ? `project "${project}" has ${networks.length} networks (${quoted(networks.map((n) => n.name))}), and which one to use cannot be told from the input`
      : `project "${project}" has no network in the input`,
  };
}

/** "project "p"", or what stands for a project a deploy script leaves to gcloud's configuration. */
export const projectWords = (project: string): string => (project === UNKNOWN ? 'the project gcloud is configured with' : `project "${project}"`);

/** "the subnetworks and connectors of project "p"": collections the input does not have, grouped by project and region. */
export function missingWords(entries: readonly CoverageEntry[]): string {
  const groups = new Map<string, string[]>();
  for (const e of entries) pushTo(groups, `${projectWords(e.project)}${e.region ? ` in ${e.region}` : ''}`, e.collection);
  const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
  return list([...groups].map(([where, collections]) => `the ${list(collections)} of ${where}`));
}

/** What a free range was not checked against: the collections the input does not have. */
function unseen(unknown: readonly CoverageEntry[]): string[] {
  return unknown.length ? [`free among the ranges in the input; the input does not have ${missingWords(unknown)}`] : [];
}

/** Notes appended to a summary, in one parenthesis. */
const noted = (notes: readonly string[]): string => (notes.length ? ` (${notes.join('; ')})` : '');

/** How a new connector gets its /28 in a network, and the commands to run before it is created. */
export type Placement = { placement: ConnectorPlacement; range: Cidr; before: string[][]; words: string; unknown: CoverageEntry[] } | { why: string };

/**
 * A new connector's placement in a network: --network with a free /28 in its own project; in a Shared
 * VPC network of another project (which --network cannot name), a new /28 subnet created there first
 * and given with --subnet and --subnet-project.
 */
export function placementIn(model: Model, connector: string, network: string, viaSubnet = false, avoid: readonly Cidr[] = [], inUse?: FreeRangeOptions['inUse']): Placement {
  const { range, unknown } = freeConnectorRange(model, network, { avoid, inUse });
  if (!range) return { why: `no /28 of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 is free in network "${shortName(network)}"${noted(unseen(unknown))}` };
  const host = projectOf(network)!;
  if (host === projectOf(connector) && !viaSubnet)
    return { placement: { network, range: range.text }, range, before: [], words: `on network "${shortName(network)}" with range ${range.text}`, unknown };
  const region = regionOf(connector)!;
  const taken = new Set(model.subnetworks.filter((s) => s.project === host && s.region === region).map((s) => s.name));
  const subnet = uniqueName(`${shortName(connector)}-subnet`, taken);
  const shared = host !== projectOf(connector);
  return {
    placement: { subnet, subnetProject: host },
    range,
    before: [subnetCreate(subnet, network, region, range.text)],
    words:
      `on a new /28 subnet "${subnet}" (${range.text}) of ${shared ? `Shared VPC network "${shortName(network)}" of project "${host}", which its network administrators create first` : `network "${shortName(network)}"`}` +
      `${shared && !viaSubnet ? ` (connectors create --network takes a network of the connector's own project only)` : ''}`,
    unknown,
  };
}

/** The flags of a connector's placement in its create command, and those of the other form (to drop). */
function placementEdit(p: ConnectorPlacement): { set: Record<string, string>; drop: string[] } {
  return 'network' in p
    ? { set: { network: shortName(p.network), range: p.range }, drop: ['subnet', 'subnet-project'] }
    : { set: { subnet: p.subnet, 'subnet-project': p.subnetProject }, drop: ['network', 'range'] };
}

/**
 * A connector moved to a free /28 (a range of its network, or a new /28 subnet with viaSubnet). A
 * connector a script creates gets the range in its create command. One that exists is deleted and
 * created again under its name (workloads keep naming it), or, with `migrate`, left running while a
 * new one is created beside it and the workloads in the input are pointed at it (nothing breaks on the
 * way; the old one is deleted once nothing uses it).
 */
export function connectorOnFreeRange(
  model: Model,
  c: Connector,
  network: string,
  opts: { viaSubnet?: boolean; migrate?: boolean; avoid?: Cidr[]; inUse?: FreeRangeOptions['inUse'] } = {},
): Fix {
  const script = definingCommand(model, c);
  const taken = new Set(connectorsIn(model, c.project, c.region).map((x) => x.name));
  const target = opts.migrate && !script ? connectorName(c.project, c.region, uniqueConnectorName(c.name, taken)) : c.id;
  const where = placementIn(model, target, network, opts.viaSubnet, opts.avoid, opts.inUse);
  if ('why' in where) return { summary: `move connector "${c.name}" to a free /28: ${where.why}`, commands: [] };
  // A range handed to one fix is not handed to another of the same rule run (two connectors of one network).
  opts.avoid?.push(where.range);
  const first = { summary: `${target === c.id ? `create connector "${c.name}"` : `create connector "${shortName(target)}" beside "${c.name}"`} ${where.words}${noted(unseen(where.unknown))}`, commands: where.before };
  if (script) {
    const edited = scriptFix(first.summary, script, placementEdit(where.placement));
    return { summary: edited.summary, commands: [...first.commands, ...edited.commands] };
  }
  const create = connectorCreate(target, where.placement, connectorSettings(c));
  if (target === c.id)
    return {
      summary: `delete connector "${c.name}" and create it again ${where.words}, with its settings (workloads keep naming it)${noted(unseen(where.unknown))}`,
      commands: [...first.commands, connectorCommand('delete', c.id), create],
    };
  const users = workloadsUsing(model, c.id).map((w) => workloadFix(`point ${describeWorkload(w)} at it`, w, { set: { 'vpc-connector': connectorRef(target) } }));
  const fix = after(first, { summary: `${users.map((u) => u.summary).join(', ') || 'point the workloads that use it at it'}`, commands: [create, ...users.flatMap((u) => u.commands)] });
  return { ...fix, summary: `${fix.summary}; delete "${c.name}" once nothing uses it (connectors can serve workloads of other projects)` };
}

/** True when a script command sets the flag to this value for the resource (a value gcloud checks itself, which gcloud/* rules report). */
export function setByCommand(model: Model, id: string, flag: string, value: string): boolean {
  return groupedBy(model.commands, 'resource', (c) => c.resource, id).some((c) => flagOf(c, flag)?.value === value);
}

/**
 * A fix that creates connector `id` (a full name) and then, if given, uses it. The network is `network`,
 * else the project's only network; the /28 a free one (placementIn); machine type and scaling those of
 * `like`, if given.
 */
export function createConnectorThen(model: Model, id: string, then?: Fix, network?: string, like?: Connector): Fix {
  const project = projectOf(id)!;
  const region = regionOf(id)!;
  const listed = model.coverage.has('connectors', project, region)
    ? []
    : [`the input does not have ${missingWords([{ collection: 'connectors', project, region }])}: if one exists there, use it instead`];
  const what = `create connector "${shortName(id)}" in ${region}`;
  const net = networkOf(model, project, network);
  const where = 'why' in net ? net : placementIn(model, id, net.network);
  if ('why' in where) return { summary: `${what}${then ? ` and use it` : ''}${noted(listed)}: ${where.why}`, commands: [] };
  // The connectors of the region not in the input: said once (the free range was not checked against them either).
  const unknown = listed.length ? where.unknown.filter((e) => e.collection !== 'connectors') : where.unknown;
  const create = { summary: `${what} ${where.words}${noted([...unseen(unknown), ...listed])}`, commands: [...where.before, connectorCreate(id, where.placement, like ? connectorSettings(like) : {})] };
  return then ? after(create, then) : create;
}

/** A new connector's full name in a project and region: `base`, or base-2, base-3... where the input has that name already. */
export function newConnectorId(model: Model, project: string, region: string, base: string): string {
  return connectorName(project, region, uniqueConnectorName(base, new Set(connectorsIn(model, project, region).map((c) => c.name))));
}

/**
 * Ways to give a workload without VPC access a VPC: a connector of its project and region (the one
 * pickConnector picks, or a new one), or Direct VPC egress on the largest /26-or-larger subnet of the
 * project's only network in its region. `set` is set along (e.g. a valid --vpc-egress).
 */
export function attachFixes(model: Model, w: Workload, set: Record<string, string> = {}): Fix[] {
  if (w.region === UNKNOWN || w.project === UNKNOWN)
    return [{ summary: `attach a connector or Direct VPC egress: the script leaves the ${w.region === UNKNOWN ? 'region' : 'project'} to gcloud's configuration, so which connector or subnet to use cannot be told here`, commands: [] }];
  const script = definingCommand(model, w);
  const fixes: Fix[] = [];
  if (w.kind !== 'workerPool') {
    const pick = pickConnector(model, w.project, w.region);
    if (pick) fixes.push(workloadFix(`attach connector "${pick.connector.name}", ${pick.why}`, w, { set: { 'vpc-connector': connectorRef(pick.connector.id), ...set } }, script));
    else {
      const id = newConnectorId(model, w.project, w.region, `conn-${w.region}`);
      fixes.push(createConnectorThen(model, id, workloadFix('attach it', w, { set: { 'vpc-connector': connectorRef(id), ...set } }, script)));
    }
  }
  const net = networkOf(model, w.project);
  if ('network' in net) {
    const subnets = groupedBy(model.subnetworks, 'network', (x) => x.network, net.network)
      .filter((s) => s.region === w.region && s.range.family === 4 && s.range.prefix <= 26 && s.purpose === 'PRIVATE')
      .sort((a, b) => a.range.prefix - b.range.prefix || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const s = subnets[0];
    if (s)
      fixes.push(
        workloadFix(
          `use Direct VPC egress on subnet "${s.name}" (${s.range.text}) of network "${shortName(net.network)}"${subnets.length > 1 ? `, the largest of its ${subnets.length} subnets of /26 or more in ${w.region}` : ''}`,
          w,
          { set: { network: shortName(net.network), subnet: s.name, ...set } },
          script,
        ),
      );
  }
  return fixes;
}

/** Where a finding on a resource a script command defines points: the flag at fault, else the resource's own source. */
export function flagSource(model: Model, r: ResourceBase, flag: string): SourceRef | undefined {
  const cmd = definingCommand(model, r);
  const f = cmd && flagOf(cmd, flag);
  return f && r.source ? { ...r.source, line: f.line } : r.source;
}
