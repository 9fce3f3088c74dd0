// Sequential round trips: with 100 ms per request, how deep is the chain of requests that had to wait for another?
import { afterAll, expect, test } from 'vitest';
import { collectSnapshot } from '../src/live/index.js';
import { buildWorld, REGIONS } from './emulator/data/world.js';
import { startEmulator, type LoggedRequest } from './emulator/server.js';

process.env.METADATA_SERVER_DETECTION = 'none';

const LATENCY_MS = 100;

/** Wave of each request: 1 + the highest wave of a request that had ended before it started. */
function waves(log: LoggedRequest[]): number {
  const sorted = [...log].sort((a, b) => a.start - b.start);
  const wave = new Map<LoggedRequest, number>();
  for (const r of sorted) {
    const before = sorted.filter((q) => q.end !== undefined && q.end <= r.start).map((q) => wave.get(q) ?? 1);
    wave.set(r, 1 + Math.max(0, ...before));
  }
  return Math.max(...wave.values());
}

const emulator = await startEmulator(buildWorld(), { latencyMs: LATENCY_MS, maxPageSize: 500 });
afterAll(() => emulator.close());

async function measure(label: string, follow: boolean, regions?: string[]) {
  emulator.log.length = 0;
  const started = Date.now();
  const bundle = await collectSnapshot({ projects: ['svc-proj'], follow, regions, env: emulator.env });
  const ms = Date.now() - started;
  const depth = waves(emulator.log);
  console.log(`${label}: ${emulator.log.length} requests, ${depth} sequential round trips, ${ms} ms wall at ${LATENCY_MS} ms/request`);
  expect(bundle.failures).toEqual([]);
  return depth;
}

test(`one project, ${REGIONS.length} regions, ${LATENCY_MS} ms per request: at most 5 sequential round trips`, async () => {
  await measure('cold clients, follow', true); // includes loading and constructing the clients
  expect(await measure('warm, follow (Shared VPC host)', true)).toBeLessThanOrEqual(4);
  expect(await measure('warm, no follow', false)).toBe(2);
  // networks → getEffectiveFirewalls is the only dependency left when the locations are given.
  expect(await measure('warm, --region x3, no follow', false, REGIONS)).toBe(2);
});
