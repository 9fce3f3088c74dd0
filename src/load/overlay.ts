// Deploy layers (gcloud commands in scripts, Terraform plans) laid over the snapshot: what the
// project looks like if the script runs or the plan is applied. Created and changed resources
// replace the snapshot's, updates patch it field by field, deletions remove it.
import type { DeployInput } from '../deploy/index.js';
import type { Model } from '../model.js';
import { normalise, type NormaliseContext, type Normalised } from './normalise.js';
import { kindOf, type RawItem } from './recognise.js';

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
        to = ((to as Raw)[path[i]!] ??= {}) as Raw;
      }
    }
  }
  return out;
}

/**
 * Lays deploy layers over normalised resources. rawById holds the raw object each snapshot resource
 * came from, so updates can be applied to it. Returns notes for the user.
 */
export function overlay(layers: DeployInput[], byId: ById, rawById: Map<string, RawItem>, ctx: NormaliseContext): string[] {
  const notes: string[] = [];
  const maps = Object.values(byId) as Map<string, { id: string }>[];
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
      const item: RawItem = { kind, raw, file: d.source.file, pointer: d.source.pointer };
      const n = normalise(item, ctx);
      n.value.source = d.source;
      if (d.unknownFields.length > 0) n.value.unknownFields = [...d.unknownFields];
      (byId[n.kind] as Map<string, typeof n.value>).set(n.value.id, n.value);
      rawById.set(n.value.id, item);
    }
    for (const del of layer.deletions) {
      for (const map of maps) map.delete(del.resource);
      rawById.delete(del.resource);
    }
  }
  return notes;
}

export function commandsOf(layers: DeployInput[]): Model['commands'] {
  return layers.flatMap((l) => l.commands);
}
