// Validation of raw API resources against RAW_SCHEMAS (raw-schemas.ts).
//
// The validators are compiled ahead of time (scripts/gen-validators.ts → validators.generated.ts,
// test/validators.test.ts fails when that file is stale): compiling the schemas with ajv at run time
// and loading ajv itself were a third of the cold start of `egress-lint check` (npm run bench
// "cold start"); the generated code is the same code ajv.compile builds, so results are identical.
import type { ErrorObject } from 'ajv';
import type { RawKind } from './raw-schemas.js';
import { RAW_VALIDATORS } from './validators.generated.js';

export type { RawKind } from './raw-schemas.js';

interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * Validates a raw resource; returns the first error (pointer relative to the resource, a description and,
 * for a required field missing from the resource itself, its name) or undefined.
 */
export function validateRaw(kind: RawKind, value: unknown): { pointer: string; message: string; missing?: string } | undefined {
  const validate = (RAW_VALIDATORS as Record<RawKind, Validator>)[kind];
  if (validate(value)) return undefined;
  // Of an anyOf's errors, the anyOf itself says best what was expected.
  const err = validate.errors!.find((e) => e.keyword === 'anyOf') ?? validate.errors![0]!;
  const missing = err.keyword === 'required' && err.instancePath === '' ? String(err.params.missingProperty) : undefined;
  return { pointer: err.instancePath, message: describe(err), ...(missing === undefined ? {} : { missing }) };
}

function describe(err: ErrorObject): string {
  switch (err.keyword) {
    case 'format':
      return err.params.format === 'cidr'
        ? 'expected an IP range in CIDR notation such as "10.8.0.0/28"'
        : 'expected a port or port range such as "443" or "8000-8100"';
    case 'enum':
      return `expected one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `missing required field "${err.params.missingProperty}"`;
    case 'type':
      return `expected ${err.params.type}`;
    case 'anyOf':
      return 'expected a number (or a string of digits)';
    case 'pattern': {
      const collection = /([a-z]+)\/\[\^\/\]\+\$$/.exec(String(err.params.pattern))?.[1];
      if (!collection) return 'expected a non-empty name or reference';
      return `expected a full resource name such as "projects/P/locations/REGION/${collection}/NAME"`;
    }
    default:
      return err.message ?? 'invalid value';
  }
}
