import { describe, expect, test } from 'vitest';
import { redactRunResource } from '../src/live/redact.js';

describe('redactRunResource', () => {
  test('service: env values and secret refs dropped, names kept, args dropped, the rest untouched', () => {
    const svc = {
      name: 'projects/p/locations/r/services/s',
      template: {
        vpcAccess: { connector: 'c', egress: 'ALL_TRAFFIC' },
        containers: [
          {
            image: 'img',
            command: ['/app'],
            args: ['--token=abc'],
            env: [{ name: 'A', value: 'secret' }, { name: 'B', valueSource: { secretKeyRef: { secret: 's', version: '1' } } }],
          },
          { image: 'sidecar' },
        ],
      },
    };
    expect(redactRunResource(svc)).toEqual({
      name: 'projects/p/locations/r/services/s',
      template: {
        vpcAccess: { connector: 'c', egress: 'ALL_TRAFFIC' },
        containers: [{ image: 'img', command: ['/app'], env: [{ name: 'A' }, { name: 'B' }] }, { image: 'sidecar' }],
      },
    });
  });

  test('job: containers under template.template', () => {
    const job = { template: { template: { containers: [{ env: [{ name: 'X', value: 'v' }] }] } } };
    expect(redactRunResource(job).template.template.containers[0]!.env).toEqual([{ name: 'X' }]);
  });

  test('resources without containers pass through', () => {
    expect(redactRunResource({ name: 'n' })).toEqual({ name: 'n' });
  });
});
