// The precompiled validators (src/load/validators.generated.ts) must be what scripts/gen-validators.ts
// generates from the schemas now, and must decide exactly as ajv compiling the schemas at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../src/config-schema.js';
import { FORMATS } from '../src/load/formats.js';
import { RAW_SCHEMAS, type RawKind } from '../src/load/raw-schemas.js';
import { CONFIG_VALIDATOR, RAW_VALIDATORS } from '../src/load/validators.generated.js';
import { generateValidators, GENERATED } from '../scripts/gen-validators.js';

const ROOT = join(import.meta.dirname, '..');

describe('precompiled validators', () => {
  it('are up to date with the schemas (regenerate: npm run build --silent && node dist/scripts/gen-validators.js)', () => {
    expect(readFileSync(join(ROOT, GENERATED), 'utf8')).toBe(generateValidators());
  });

  it('decide and report errors as ajv compiling the schemas at run time', () => {
    const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: false });
    for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
    const samples: [RawKind, unknown][] = [
      ['subnetwork', { name: 's', network: 'n', region: 'r', ipCidrRange: '10.0.0.0/24' }],
      ['subnetwork', { name: 's', network: 'n', region: 'r', ipCidrRange: '10.0.0.0/33' }],
      ['subnetwork', { name: '', network: 'n', region: 'r', ipCidrRange: '10.0.0.0/24' }],
      ['firewall', { name: 'f', network: 'n', priority: 'x', allowed: [{ IPProtocol: 'tcp', ports: ['70000'] }] }],
      ['firewall', { name: 'f', network: 'n', priority: '100', allowed: [{ IPProtocol: 'tcp', ports: ['80-90'] }] }],
      ['firewall', { name: 'f', network: 'n', direction: 'OUT' }],
      ['connector', { name: 'projects/p/locations/r/connectors/c', subnet: null }],
      ['connector', { name: 'c' }],
      ['runV1', { metadata: { name: 'j' } }],
      ['router', { name: 'r', network: 'n', region: 'x', nats: [{ name: 'n', minPortsPerVm: 1.5 }] }],
    ];
    for (const [kind, value] of samples) {
      const runtime = ajv.compile(RAW_SCHEMAS[kind]);
      const generated = RAW_VALIDATORS[kind] as unknown as typeof runtime;
      expect(generated(value)).toBe(runtime(value));
      expect(generated.errors ?? null).toEqual(runtime.errors ?? null);
    }
    const config = new Ajv({ allErrors: false, strict: false }).compile(CONFIG_SCHEMA);
    for (const value of [{ failOn: 'error' }, { failOn: 'fatal' }, { waivers: [{ rule: 'r', resource: 'x' }] }, { extra: 1 }]) {
      const generated = CONFIG_VALIDATOR as unknown as typeof config;
      expect(generated(value)).toBe(config(value));
      expect(generated.errors ?? null).toEqual(config.errors ?? null);
    }
  });
});
