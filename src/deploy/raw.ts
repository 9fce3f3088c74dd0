// Helpers for writing raw compute REST JSON.
import { COMPUTE, resolveComputeRef, type ComputeCollection } from '../names.js';

export type Obj = Record<string, unknown>;

export const API = 'https://www.googleapis.com/compute/v1/';

/** The self link of a compute reference written in any form (bare name, relative path, self link). */
export function link(ref: string, collection: ComputeCollection, scope: { project: string; region?: string }): string {
  return resolveComputeRef(ref, collection, scope)!.replace(COMPUTE, API);
}

export function regionLink(project: string, region: string): string {
  return `${API}projects/${project}/regions/${region}`;
}

/** Drops undefined and null properties (recursively), as the APIs omit unset fields. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, clean(v)]),
  ) as T;
}
