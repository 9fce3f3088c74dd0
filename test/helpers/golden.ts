import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Compares text with test/golden/NAME; UPDATE_GOLDEN=1 rewrites it. */
export function golden(name: string, text: string): void {
  const file = join(import.meta.dirname, '..', 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(existsSync(file), `${name} missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
