// Client set-up: endpoints, credentials, and the single google-gax copy the three clients share.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseEndpoint } from '../src/live/clients.js';
import { collectSnapshot, LiveSetupError } from '../src/live/index.js';

process.env.METADATA_SERVER_DETECTION = 'none';

describe('endpoints', () => {
  test('URL → host, port, protocol; plain http to loopback is emulator mode', () => {
    expect(parseEndpoint('V', 'http://127.0.0.1:8085')).toEqual({ apiEndpoint: '127.0.0.1', port: 8085, protocol: 'http', emulator: true });
    expect(parseEndpoint('V', 'http://localhost:9')).toMatchObject({ apiEndpoint: 'localhost', emulator: true });
    expect(parseEndpoint('V', 'http://[::1]:9')).toMatchObject({ apiEndpoint: '[::1]', port: 9, emulator: true });
    expect(parseEndpoint('V', 'https://compute.example.com')).toEqual({ apiEndpoint: 'compute.example.com', port: 443, protocol: 'https', emulator: false });
    expect(parseEndpoint('V', 'https://127.0.0.1:8443')).toMatchObject({ emulator: false });
  });

  test('bad endpoints are user errors', () => {
    expect(() => parseEndpoint('EGRESS_LINT_ENDPOINT_RUN', 'localhost:80')).toThrow(LiveSetupError);
    expect(() => parseEndpoint('V', 'not a url')).toThrow(/is not a URL/);
    expect(() => parseEndpoint('V', 'http://10.0.0.1:80')).toThrow(/only allowed to a loopback address/);
    expect(() => parseEndpoint('V', 'http://127.0.0.1:80/v1')).toThrow(/only scheme, host and port/);
  });
});

describe('credentials', () => {
  test('missing ADC is a clear user error naming gcloud auth application-default login, not a crash', async () => {
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = '/nonexistent/egress-lint-test-key.json';
    try {
      const err = await collectSnapshot({ projects: ['p'], follow: false, env: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LiveSetupError);
      expect((err as Error).message).toMatch(/gcloud auth application-default login/);
      expect((err as Error).message).not.toMatch(/\n\s+at /);
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    }
  });
});

describe('google-gax', () => {
  test('one copy, major 6, shared by compute, run and vpc-access (and one google-auth-library)', () => {
    const require = createRequire(import.meta.url);
    // google-gax has an exports map without ./package.json: resolve its entry point, then cut back to the package folder.
    const packageJson = (from: NodeJS.Require, name: string) => {
      const entry = from.resolve(name);
      return `${entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`))}/node_modules/${name}/package.json`;
    };
    const version = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    const gax = new Set<string>();
    const auth = new Set<string>();
    for (const pkg of ['@google-cloud/compute', '@google-cloud/run', '@google-cloud/vpc-access']) {
      const gaxJson = packageJson(createRequire(require.resolve(pkg)), 'google-gax');
      gax.add(gaxJson);
      auth.add(packageJson(createRequire(gaxJson), 'google-auth-library'));
    }
    expect([...gax]).toEqual([packageJson(require, 'google-gax')]);
    expect([...auth]).toEqual([packageJson(require, 'google-auth-library')]);
    const gaxVersion = version([...gax][0]!);
    expect(gaxVersion.split('.')[0]).toBe('6');
    console.log(`node ${process.versions.node}: google-gax ${gaxVersion} (one copy), google-auth-library ${version([...auth][0]!)}`);
  });
});
