// Turns the generator's per-project directories (gen.ts) into a Cloud Asset Inventory export: newline-delimited
// JSON, one asset a line, as `gcloud asset export --content-type=resource` writes it. Compute data loses its `kind`
// (asset data need not carry it). getEffectiveFirewalls responses are not assets and are left out.
//
//   node dist/bench/asset-export.js /tmp/org-xl /tmp/org-xl.ndjson
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';

type Json = Record<string, unknown>;

const FILES: Record<string, { assetType: string; list: (doc: Json) => unknown[] }> = {
  'networks.json': { assetType: 'compute.googleapis.com/Network', list: (d) => (d.items as unknown[]) ?? [] },
  'subnetworks.json': { assetType: 'compute.googleapis.com/Subnetwork', list: (d) => aggregated(d, 'subnetworks') },
  'firewalls.json': { assetType: 'compute.googleapis.com/Firewall', list: (d) => (d.items as unknown[]) ?? [] },
  'routes.json': { assetType: 'compute.googleapis.com/Route', list: (d) => (d.items as unknown[]) ?? [] },
  'routers.json': { assetType: 'compute.googleapis.com/Router', list: (d) => aggregated(d, 'routers') },
  'addresses.json': { assetType: 'compute.googleapis.com/GlobalAddress', list: (d) => (d.items as unknown[]) ?? [] },
  'connectors.json': { assetType: 'vpcaccess.googleapis.com/Connector', list: (d) => (d.connectors as unknown[]) ?? [] },
  'services.json': { assetType: 'run.googleapis.com/Service', list: (d) => (d.services as unknown[]) ?? [] },
  'jobs.json': { assetType: 'run.googleapis.com/Job', list: (d) => (d.jobs as unknown[]) ?? [] },
};

function aggregated(doc: Json, key: string): unknown[] {
  return Object.values((doc.items as Record<string, Json>) ?? {}).flatMap((scope) => (scope[key] as unknown[]) ?? []);
}

/** One export line for a raw REST resource. */
export function assetLine(assetType: string, resource: Json): string {
  const service = assetType.slice(0, assetType.indexOf('.'));
  let name: string;
  let data = resource;
  if (service === 'compute') {
    const link = String(resource.selfLink);
    name = `//compute.googleapis.com/${link.slice(link.indexOf('/projects/') + 1)}`;
    const { kind: _kind, ...rest } = resource;
    data = rest;
  } else name = `//${service}.googleapis.com/${String(resource.name)}`;
  return `${JSON.stringify({ name, assetType, resource: { version: 'v1', data } })}\n`;
}

/** Writes the export of a generated directory; returns the number of assets. */
export async function writeAssetExport(genDir: string, outFile: string): Promise<number> {
  const out = createWriteStream(outFile);
  let assets = 0;
  for (const project of (await readdir(genDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const [file, { assetType, list }] of Object.entries(FILES)) {
      const doc = JSON.parse(await readFile(join(genDir, project, file), 'utf8')) as Json;
      for (const resource of list(doc)) {
        assets += 1;
        if (!out.write(assetLine(assetType, resource as Json))) await once(out, 'drain');
      }
    }
  }
  out.end();
  await finished(out);
  return assets;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [genDir, outFile] = process.argv.slice(2);
  if (!genDir || !outFile) {
    console.error('usage: asset-export GEN_DIR OUT.ndjson');
    process.exit(2);
  }
  writeAssetExport(genDir, outFile).then(
    (n) => console.error(`asset-export: ${n} assets written to ${outFile}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
