// One bounded queue and one retry policy for every Google API request of a run (live and organisation mode).
// gax's own retries are off: a request is retried here, on transient codes only, within twice the timeout.
import type { CallOptions, RetryOptions } from 'google-gax';

const MAX_ATTEMPTS = 4;
const BACKOFF_MS = 250;
const NO_GAX_RETRY: Partial<RetryOptions> = { retryCodes: [] };
/** gax codes worth retrying: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (429), UNAVAILABLE (503, connection reset). */
const TRANSIENT_CODES = new Set([4, 8, 14]);
const TRANSIENT_HTTP = new Set([429, 503, 504]);

export interface GaxErrorLike {
  code?: number | string;
  httpStatusCode?: number;
  reason?: string;
  message?: string;
  statusDetails?: unknown;
  errorInfoMetadata?: Record<string, string>;
}

export interface Page {
  nextPageToken?: string | null;
}

/** Delay before retrying, or undefined when the error is not transient. Honours google.rpc.RetryInfo. */
function retryDelay(err: unknown, attempt: number): number | undefined {
  const e = err as GaxErrorLike;
  const transient = (typeof e.code === 'number' && TRANSIENT_CODES.has(e.code)) || TRANSIENT_HTTP.has(e.httpStatusCode ?? 0);
  if (!transient) return undefined;
  for (const d of Array.isArray(e.statusDetails) ? e.statusDetails : []) {
    const delay = (d as { retryDelay?: { seconds?: string | number; nanos?: number } }).retryDelay;
    if (delay) return Number(delay.seconds ?? 0) * 1000 + Math.ceil((delay.nanos ?? 0) / 1e6);
  }
  return Math.random() * BACKOFF_MS * 2 ** (attempt - 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RequestQueue {
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(
    private readonly concurrency: number,
    private readonly timeoutMs: number,
  ) {}

  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.concurrency) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  /** One request (one page), retried on transient errors; never longer than twice the timeout. */
  async request<T>(fn: (options: CallOptions) => Promise<T>): Promise<T> {
    const deadline = Date.now() + 2 * this.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      const timeout = Math.max(1, Math.min(this.timeoutMs, deadline - Date.now()));
      try {
        return await this.slot(() => fn({ autoPaginate: false, timeout, retry: NO_GAX_RETRY }));
      } catch (err) {
        const delay = retryDelay(err, attempt);
        if (delay === undefined || attempt >= MAX_ATTEMPTS || Date.now() + delay >= deadline) throw err;
        await sleep(delay);
      }
    }
  }

  /** Every page of a list, following nextPageToken; each page is one request, handed to `each` as it arrives. */
  async pages<P extends Page>(fetch: (pageToken: string | undefined, options: CallOptions) => Promise<P>, each: (page: P) => void): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.request((options) => fetch(token, options));
      each(page);
      token = page.nextPageToken || undefined;
    } while (token);
  }
}
