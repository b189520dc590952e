// Retry delays: exponential backoff with "full jitter" (delay drawn uniformly from 0 to the
// exponential cap), so that many pipelines restarting with one database do not retry in step.
// AWS Architecture Blog, "Exponential Backoff And Jitter" (Brooker, 2015).

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** Delay before retry number `attempt` (1 = first retry). `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const capMs = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  // never below a tenth of the cap: a retry at 0 ms only hammers a database that just fell over
  return Math.round(capMs * (0.1 + 0.9 * random()));
}
