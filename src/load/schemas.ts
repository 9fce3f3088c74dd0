// Validation of raw API resources against RAW_SCHEMAS (raw-schemas.ts).
//
// The validators are compiled ahead of time (scripts/gen-validators.ts → validators.generated.ts,
// test/validators.test.ts fails when that file is stale): compiling the schemas with ajv at run time
// and loading ajv itself were a third of the cold start of `egress-lint check` (npm run bench
// "cold start"); the generated code is the same code ajv.compile builds, so results are identical.
import type { ErrorObject } from 'ajv';
import type { RawKind } from './raw-schemas.js';
import { RAW_VALIDATORS } from './validators.generated.js';

export { RAW_SCHEMAS, type RawKind } from './raw-schemas.js';

interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Validates a raw resource; returns the first error (pointer relative to the resource and a description) or undefined. */
export function validateRaw(kind: RawKind, value: unknown): { pointer: string; message: string } | undefined {
  const validate = (RAW_VALIDATORS as Record<RawKind, Validator>)[kind];
  if (validate(value)) return undefined;
  // Of an anyOf's errors, the anyOf itself says best what was expected.
  const err = validate.errors!.find((e) => e.keyword === 'anyOf') ?? validate.errors![0]!;
  return { pointer: err.instancePath, message: describe(err) };
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
    case 'pattern':
      return `expected a name like "${String(err.params.pattern).replace(/^\^|\$$/g, '').replace(/\[\^\/\]\+/g, 'NAME').replace('projects/NAME/locations/NAME', 'projects/PROJECT/locations/REGION')}"`;
    default:
      return err.message ?? 'invalid value';
  }
}
