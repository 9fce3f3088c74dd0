// Seeded randomness for the snapshot generator. Everything random is derived from (seed, key), so a
// resource's attributes do not depend on the order in which others were generated.

/** FNV-1a, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

export function rngFor(seed: number, ...key: (string | number)[]): Rng {
  return new Rng(hash32(`${seed}/${key.join('/')}`));
}

/** Cosmetic fields the APIs return (numeric id, creation time, fingerprint), derived from the self link. */
export function numericId(seed: number, key: string): string {
  const a = hash32(`${seed}#id#${key}`);
  const b = hash32(`${key}#id#${seed}`);
  return `${(a % 900_000_000) + 100_000_000}${String(b % 10_000_000_000).padStart(10, '0')}`;
}

const EPOCH_2021 = Date.UTC(2021, 0, 1);
const THREE_YEARS_MS = 3 * 365 * 86_400_000;

function instant(seed: number, key: string): number {
  return EPOCH_2021 + ((hash32(`${seed}#ts#${key}`) * 1000 + hash32(`${key}#ts`)) % THREE_YEARS_MS);
}

/** A creation time between 2021 and 2024 in the compute API's format, e.g. 2023-07-18T13:30:58.837-07:00. */
export function timestamp(seed: number, key: string): string {
  return new Date(instant(seed, key) - 7 * 3_600_000).toISOString().replace('Z', '-07:00');
}

/** The same instant as the Run API writes it: UTC with microseconds, e.g. 2022-08-12T11:55:14.685868Z. */
export function runTimestamp(seed: number, key: string): string {
  return new Date(instant(seed, key)).toISOString().replace('Z', `${String(hash32(key) % 1000).padStart(3, '0')}Z`);
}

export function fingerprint(seed: number, key: string): string {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32BE(hash32(`${seed}#fp#${key}`), 0);
  bytes.writeUInt32BE(hash32(`${key}#fp#${seed}`), 4);
  return bytes.toString('base64');
}
