// Reads a Cloud Asset Inventory export (`gcloud asset export --content-type=resource --output-path=gs://...`):
// newline-delimited JSON, one asset a line, {name, assetType, ancestors, resource: {data, ...}}. Read line by line,
// each asset kept only as the raw REST JSON egress-lint reads, into a snapshot Bundle that the loader reads like any
// other: loadPaths({ paths, assetExports: [file] }) reads it with any other input.
//
// Coverage: an export made without --asset-types holds every type, so a project in the export with no asset of a type
// has none: it is taken as complete for every collection egress-lint reads, for every project in the export (a project
// is in the export when any of its assets is, of any type). `partial` (--asset-types-partial) records no coverage.
// Effective hierarchical firewall policies are not assets: they are never covered by an export.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import type { CoverageEntry } from '../model.js';
import { ASSET_COLLECTIONS, AssetBundle } from './asset.js';
import type { ParsedDocument } from './index.js';

export interface AssetExportOptions {
  /** The export was made with --asset-types: a missing asset proves nothing (no coverage is recorded). */
  partial: boolean;
  /** egress-lint's version, recorded in the bundle. */
  version?: string;
}

const EXPECTED = 'expected one asset per line: {"name": "//compute.googleapis.com/projects/...", "assetType": "...", "resource": {"data": {...}}}';

export interface AssetExportDocument extends ParsedDocument {
  /** The export line of each of the bundle's resources. */
  lines: number[];
}

export async function loadAssetExport(file: string, options: AssetExportOptions): Promise<AssetExportDocument> {
  const assets = new AssetBundle();
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  await opened.catch((err: NodeJS.ErrnoException) => {
    throw new InputError(file, '', err.code === 'ENOENT' ? 'no such file or directory' : `cannot read (${err.code ?? String(err)})`);
  });
  let line = 0;
  let count = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    count += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new InputError(file, '', `invalid JSON (${(err as Error).message.replace(/ in JSON at position.*$/, '')}); ${EXPECTED}`, line);
    }
    const asset = value as { name?: unknown; assetType?: unknown; ancestors?: unknown; resource?: { data?: unknown } };
    const data = asset?.resource?.data;
    if (typeof asset?.name !== 'string' || typeof asset.assetType !== 'string')
      throw new InputError(file, '', `not an asset; ${EXPECTED}`, line);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      // Assets without resource data (another content type) say nothing about the resource.
      if (data === undefined) continue;
      throw new InputError(file, '', `"resource.data" must be an object; ${EXPECTED}`, line);
    }
    assets.add({
      name: asset.name,
      assetType: asset.assetType,
      ancestors: Array.isArray(asset.ancestors) ? asset.ancestors.map(String) : undefined,
      data: data as Record<string, unknown>,
    }, undefined, line);
  }
  if (count === 0) throw new InputError(file, '', `the file is empty; ${EXPECTED}`);
  const coverage: CoverageEntry[] = options.partial
    ? []
    : assets.projects().flatMap((project) => ASSET_COLLECTIONS.map((collection) => ({ collection, project })));
  const bundle = assets.bundle(options.version ?? '0.0.0', coverage, []);
  return { file, value: bundle, lines: assets.resourceLines(bundle) };
}

/** The model of an export. An error about a resource names its export line and the path inside resource.data. */
