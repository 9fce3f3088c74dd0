// The JSON Schema of .egress-lint.yaml, compiled ahead of time into load/validators.generated.ts
// by scripts/gen-validators.ts (no ajv at run time).
import { SEVERITIES } from './rule.js';

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    failOn: { enum: [...SEVERITIES, 'none'] },
    rules: { type: 'object', additionalProperties: { enum: [...SEVERITIES, 'off'] } },
    destinations: { type: 'array', items: { type: 'string', minLength: 1 } },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'resource', 'reason'],
        properties: {
          rule: { type: 'string', minLength: 1 },
          resource: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
  },
} as const;
