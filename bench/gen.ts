// Deterministic synthetic snapshot generator (issue 7): writes raw REST API JSON for a Shared VPC
// organisation, one directory per project, one file per collection.
//
//   node dist/bench/gen.js --preset org-xl -o /tmp/org-xl
//   node dist/bench/gen.js --scale 200 --seed 7 -o /tmp/s200
//
// Scale N (presets in PRESETS) = the §10 project `myproject` + (N - 1) service projects, 20 per host
// project. Each service project adds 20 subnets, 40 firewall rules, 30 routes, 2 connectors and 8
// workloads; each host adds a network, 6 subnets, 8 rules, 4 Cloud Routers with NAT and 2 PSA ranges.
// One unit in 40 carries each deliberate breakage (plan.ts BREAKS). counts(N) gives the exact numbers.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LazyArray, LazyObject, writeJson } from './gen/json-writer.js';
import { BREAKS, breaks, buildPlan, counts, REGIONS, type Break, type Counts, type ProjectPlan } from './gen/plan.js';
import {
  COMPUTE_V1,
  firewallsOf,
  policiesOf,
  renderConnector,
  renderJob,
  renderNetwork,
  renderPsaAddress,
  renderRouter,
  renderService,
  renderSubnet,
  routesOf,
} from './gen/render.js';

export { counts, type Counts };

export const PRESETS = { seed: 1, small: 25, medium: 200, large: 1000, 'org-xl': 2600 } as const;
export type Preset = keyof typeof PRESETS;

export interface GenerateOptions {
  outDir: string;
  /** Either a scale or a preset; the default is the seed preset. */
  scale?: number;
  preset?: Preset;
  seed?: number;
}

export interface Summary extends Counts {
  scale: number;
  seed: number;
  files: number;
  bytes: number;
}

type Counted = Exclude<keyof Counts, 'broken'>;

export async function generate(options: GenerateOptions): Promise<Summary> {
  const scale = options.scale ?? PRESETS[options.preset ?? 'seed'];
  const seed = options.seed ?? 1;
  const plan = buildPlan(scale, seed);
  await mkdir(options.outDir, { recursive: true });
  if ((await readdir(options.outDir)).length > 0) throw new Error(`gen: output directory ${options.outDir} is not empty`);

  const zero = Object.fromEntries(Object.keys(counts(1)).map((k) => [k, 0])) as Record<Counted, number>;
  const summary: Summary = { ...zero, broken: brokenOf(plan.projects), scale, seed, files: 0, bytes: 0 };
  function* tally<T>(what: Counted, items: Iterable<T>): Generator<T> {
    for (const item of items) {
      summary[what]++;
      yield item;
    }
  }
  const write = async (dir: string, file: string, document: unknown) => {
    summary.bytes += await writeJson(join(dir, file), document);
    summary.files++;
  };

  for (const project of plan.projects) {
    const dir = join(options.outDir, project.id);
    await mkdir(dir);
    summary.projects++;
    const p = project.id;
    const hasNetwork = project.networks.length > 0;
    await write(dir, 'networks.json', computeList('network', `projects/${p}/global/networks`, hasNetwork && tally('networks', project.networks.map((n) => renderNetwork(seed, n)))));
    await write(dir, 'subnetworks.json', aggregatedList('subnetwork', p, project.subnets, (s) => {
      summary.subnetworks++;
      summary.secondaryRanges += s.secondary.length;
      return renderSubnet(seed, s);
    }));
    await write(dir, 'firewalls.json', computeList('firewall', `projects/${p}/global/firewalls`, hasNetwork && tally('firewalls', firewallsOf(seed, project))));
    await write(dir, 'routes.json', computeList('route', `projects/${p}/global/routes`, hasNetwork && tally('routes', routesOf(seed, project))));
    await write(dir, 'routers.json', aggregatedList('router', p, project.routers, (r) => {
      summary.routers++;
      return renderRouter(seed, r, project.host?.h ?? 0);
    }));
    const psa = project.networks.flatMap((n) => n.psa.map((a) => renderPsaAddress(seed, n, a)));
    await write(dir, 'addresses.json', computeList('address', `projects/${p}/global/addresses`, psa.length > 0 && tally('addresses', psa)));
    await write(dir, 'connectors.json', runList('connectors', tally('connectors', project.connectors.map(renderConnector))));
    const of = (kind: 'service' | 'job') => project.workloads.filter((w) => w.kind === kind);
    await write(dir, 'services.json', runList('services', tally('services', of('service').map((w) => renderService(seed, w)))));
    await write(dir, 'jobs.json', runList('jobs', tally('jobs', of('job').map((w) => renderJob(seed, w)))));
    for (const network of project.networks) {
      const policies = project.host ? policiesOf(seed, project.host) : [];
      summary.firewallPolicies += policies.length;
      await write(dir, `effective-firewalls-${network.name}.json`, new LazyObject([
        ['firewalls', new LazyArray(firewallsOf(seed, project))],
        ['firewallPolicys', policies],
      ]));
    }
  }
  return summary;
}

/** A compute list response; an empty list has no items key, as the API returns it. */
function computeList(kind: string, path: string, items: Iterable<unknown> | false): LazyObject {
  return new LazyObject([
    ['kind', `compute#${kind}List`],
    ['id', path],
    ['items', items ? new LazyArray(items) : undefined],
    ['selfLink', `${COMPUTE_V1}${path}`],
  ]);
}

/** An aggregated list: items keyed by regions/R, with the API's warning for regions without any. */
function aggregatedList<T extends { region: string }>(kind: string, project: string, resources: T[], render: (resource: T) => unknown): LazyObject {
  const path = `projects/${project}/aggregated/${kind}s`;
  const byRegion = new Map<string, T[]>();
  for (const r of resources) {
    const group = byRegion.get(r.region);
    if (group) group.push(r);
    else byRegion.set(r.region, [r]);
  }
  const entries = REGIONS.map((region): [string, unknown] => {
    const scope = `regions/${region}`;
    const group = byRegion.get(region);
    if (!group) {
      const warning = { code: 'NO_RESULTS_ON_PAGE', message: `There are no results for scope '${scope}' on this page.`, data: [{ key: 'scope', value: scope }] };
      return [scope, { warning }];
    }
    return [scope, new LazyObject([[`${kind}s`, new LazyArray(mapLazily(group, render))]])];
  });
  return new LazyObject([
    ['kind', `compute#${kind}AggregatedList`],
    ['id', path],
    ['items', new LazyObject(entries)],
    ['selfLink', `${COMPUTE_V1}${path}`],
  ]);
}

function* mapLazily<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** A Run / VPC Access list response: proto3 JSON leaves out an empty list, giving {}. */
function runList(key: string, items: Iterable<unknown>): LazyObject {
  const list = [...items];
  return new LazyObject([[key, list.length === 0 ? undefined : new LazyArray(list)]]);
}

function brokenOf(projects: ProjectPlan[]): Record<Break, number> {
  const units = projects.flatMap((p) => p.host?.units ?? []);
  return Object.fromEntries((Object.keys(BREAKS) as Break[]).map((kind) => [kind, units.filter((u) => breaks(u.k, kind)).length])) as Record<Break, number>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      preset: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (!values.out) throw new Error('gen: -o DIR is required');
  if (!/^\d+$/.test(values.seed)) throw new Error(`gen: --seed must be a non-negative integer, got ${values.seed}`);
  if (values.preset !== undefined && !(values.preset in PRESETS)) throw new Error(`gen: unknown preset ${values.preset} (${Object.keys(PRESETS).join(', ')})`);
  const started = performance.now();
  const summary = await generate({
    outDir: values.out,
    scale: values.scale === undefined ? undefined : Number(values.scale),
    preset: values.preset as Preset | undefined,
    seed: Number(values.seed),
  });
  const seconds = (performance.now() - started) / 1000;
  const { broken, ...rest } = summary;
  const fields = Object.entries({ ...rest, ...broken }).map(([k, v]) => `${k}=${v}`);
  console.error(`gen: ${fields.join(' ')} in ${seconds.toFixed(2)}s (${(summary.bytes / 1e6 / seconds).toFixed(1)} MB/s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
