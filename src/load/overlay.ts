// Deploy layers (gcloud commands in scripts, Terraform plans) laid over the snapshot: what the
// project looks like if the script runs or the plan is applied. Created and changed resources
// replace the snapshot's, updates patch it field by field, deletions remove it.
import type { DeployInput } from '../deploy/index.js';
import type { Collection, Model } from '../model.js';
import { projectOf, regionOf, shortName } from '../names.js';
import type { CoverageRecord } from './coverage.js';
import { normalise, type NormaliseContext, type Normalised } from './normalise.js';
import { kindOf, type RawItem } from './recognise.js';
import { validateRaw, type RawKind } from './schemas.js';

type Raw = Record<string, unknown>;
export type ById = { [K in Normalised['kind']]: Map<string, Extract<Normalised, { kind: K }>['value']> };

/** Applies patchFields (dotted paths; `key[k=v]` selects an array element by a property) of patch onto a copy of base. */
export function applyPatch(base: Raw, patch: Raw, fields: string[]): Raw {
  const out = structuredClone(base);
  for (const field of fields) {
    const path = field.split('.');
    let from: unknown = patch;
    let to: unknown = out;
    for (let i = 0; i < path.length; i++) {
      const last = i === path.length - 1;
      const m = /^(\w+)\[(\w+)=(.+)\]$/.exec(path[i]!);
      if (m) {
        const [, key, prop, value] = m;
        const pick = (obj: unknown, create: boolean): Raw | undefined => {
          if (typeof obj !== 'object' || obj === null) return undefined;
          const arr = ((obj as Raw)[key!] ??= create ? [] : undefined) as Raw[] | undefined;
          let el = arr?.find((e) => String(e[prop!]) === value);
          if (!el && create && arr) arr.push((el = { [prop!]: value }));
          return el;
        };
        const src = pick(from, false);
        if (last) {
          const arr = ((to as Raw)[key!] ??= []) as Raw[];
          const at = arr.findIndex((e) => String(e[prop!]) === value);
          if (src === undefined) {
            if (at >= 0) arr.splice(at, 1);
          } else if (at >= 0) arr[at] = structuredClone(src);
          else arr.push(structuredClone(src));
        } else {
          from = src;
          to = pick(to, true);
        }
      } else if (last) {
        if (from !== undefined && typeof from === 'object' && from !== null && path[i]! in (from as Raw))
          (to as Raw)[path[i]!] = structuredClone((from as Raw)[path[i]!]);
        else delete (to as Raw)[path[i]!];
      } else {
        from = typeof from === 'object' && from !== null ? (from as Raw)[path[i]!] : undefined;
        // A container made for a numeric segment is an array ("networkInterfaces.0.network" of a run update).
        to = ((to as Raw)[path[i]!] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}) as Raw;
      }
    }
  }
  return out;
}

/**
 * The kinds whose model resource cannot be placed without a required field (a router's network, a
 * subnet's range), by collection. When a deploy layer leaves such a field unknown until deploy, the
 * resource is kept out of the model and its collection (project and region) recorded as unknown: the
 * rules and the path engine then say "not evaluated" wherever it could matter (a router whose network
 * is unknown may hold the NAT a path needs, so no path there is "no NAT"). The alternative, model types
 * whose required fields may be absent, would make every rule and engine step that reads them handle
 * the absence; this keeps them as they are, at the cost of a coarser answer (checks that need the
 * collection in that region are not evaluated even where the left-out resource would not matter).
 */
const PLACED_BY: Partial<Record<RawKind, Collection>> = { subnetwork: 'subnetworks', firewall: 'firewalls', route: 'routes', router: 'routers' };
/** Raw fields whose model field (the name in unknownFields) is named differently. */
const MODEL_FIELD: Record<string, string> = { ipCidrRange: 'range' };

/**
 * Lays deploy layers over normalised resources. rawById holds the raw object each snapshot resource
 * came from, so updates can be applied to it. Returns notes for the user.
 */
export function overlay(layers: DeployInput[], byId: ById, rawById: Map<string, RawItem>, ctx: NormaliseContext, coverage: CoverageRecord): string[] {
  const notes: string[] = [];
  const maps = Object.values(byId) as Map<string, { id: string }>[];
  const remove = (resource: string) => {
    for (const map of maps) map.delete(resource);
    rawById.delete(resource);
  };
  for (const layer of layers) {
    notes.push(...layer.warnings);
    for (const d of layer.resources) {
      const existing = rawById.get(d.resource);
      const raw = d.patch && existing ? applyPatch(existing.raw, d.raw, d.patchFields ?? []) : d.raw;
      const kind = kindOf(raw) ?? existing?.kind;
      if (!kind) {
        notes.push(`${d.source.file}:${d.source.line ?? 1}: ${d.resource} is changed but not in the input; its change is ignored`);
        continue;
      }
      const missing = validateRaw(kind, raw)?.missing;
      const collection = PLACED_BY[kind];
      if (collection && missing && d.unknownFields.includes(MODEL_FIELD[missing] ?? missing)) {
        remove(d.resource);
        const what = `${d.address ?? shortName(d.resource)} (${d.source.file}:${d.source.line ?? 1})`;
        const region = regionOf(d.resource);
        coverage.addUnknown({ collection, project: projectOf(d.resource)!, ...(region ? { region } : {}), reason: `${what} is left out: its "${MODEL_FIELD[missing] ?? missing}" is not known until deploy` });
        continue;
      }
      const item: RawItem = { kind, raw, file: d.source.file, pointer: d.source.pointer };
      const n = normalise(item, ctx);
      n.value.source = d.source;
      if (d.unknownFields.length > 0) n.value.unknownFields = [...d.unknownFields];
      (byId[n.kind] as Map<string, typeof n.value>).set(n.value.id, n.value);
      rawById.set(n.value.id, item);
    }
    for (const del of layer.deletions) remove(del.resource);
  }
  return notes;
}

export function commandsOf(layers: DeployInput[]): Model['commands'] {
  return layers.flatMap((l) => l.commands);
}
