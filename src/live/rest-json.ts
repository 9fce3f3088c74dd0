// Turns the objects the Google clients return back into the REST JSON the APIs sent.
// The clients decode JSON into protobuf objects (toObject with defaults): compute adds virtual `_field` keys,
// vpcaccess and run fill every unset field with '' / 0 / false / null / [] / {} and turn Timestamps and Durations
// into {seconds, nanos}. Re-encoding with the client's own proto types (proto3 JSON) and dropping the defaults of
// fields without presence gives back the wire form: enums as names, int64 as strings, "600s", RFC 3339 times.
import { serializer, type protobuf } from 'google-gax';

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** The proto root a generated client loaded (the field is private in the typings, but stable across gax 6). */
export function protoRoot(client: object): protobuf.Root {
  return (client as { _protos: protobuf.Root })._protos;
}

export function toRestJson(root: protobuf.Root, typeName: string, value: object): Record<string, unknown> {
  const type = root.lookupType(typeName);
  const json = serializer.toProto3JSON(type.fromObject(value) as protobuf.Message) as Record<string, unknown>;
  return prune(type, json);
}

function isType(t: unknown): t is protobuf.Type {
  return typeof t === 'object' && t !== null && 'fields' in t;
}

function isEnum(t: unknown): t is protobuf.Enum {
  return typeof t === 'object' && t !== null && 'values' in t && !('fields' in t);
}

function isDefault(field: protobuf.Field, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (field.map) return Object.keys(value as object).length === 0;
  const t = field.resolvedType;
  if (isEnum(t)) return value === 0 || (typeof value === 'string' && t.values[value] === 0);
  if (isType(t)) return false;
  return value === '' || value === 0 || value === false || (INT64.has(field.type) && value === '0');
}

function pruneValue(field: protobuf.Field, value: unknown): unknown {
  const t = field.resolvedType;
  if (!isType(t) || t.fullName.startsWith('.google.protobuf.')) return value;
  const one = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? prune(t, v as Record<string, unknown>) : v);
  if (Array.isArray(value)) return value.map(one);
  if (field.map) return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, one(v)]));
  return one(value);
}

function prune(type: protobuf.Type, json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field) {
      out[key] = value;
      continue;
    }
    field.resolve();
    // Fields with presence (proto3 `optional`, oneof members) keep even a default value: it was sent.
    const hasPresence = field.partOf != null;
    if (!hasPresence && isDefault(field, value)) continue;
    out[key] = pruneValue(field, value);
  }
  return out;
}
