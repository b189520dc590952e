// Whether a partition's consumer still delivers, judged by the stream rather than by the
// consumer: a consumer that has delivered nothing for a while is compared with the stream's last
// sequence on its subject (asked of the stream's leader), and one that stays behind a message the
// stream already holds is stalled.
//
// Heartbeats alone do not tell this. An ordered consumer is one replica in memory on one node.
// When that node is SIGKILLed and the worker's connection was on it, @nats-io/jetstream 3.4
// switches its heartbeat monitor off at the disconnect and, on reconnecting to a survivor, asks
// for the consumer's info before switching it on again; nats-server 2.9 never answers that for a
// consumer whose only node is down (neither info nor "not found": a timeout), and the library asks
// again every pull expiry, for ever. No "heartbeats missed", no error, nothing delivered (tried:
// 160 s with the stream growing from 10 to 327 messages). Pure: the caller asks the stream and
// keeps time.

export interface DeliveryWatchOptions {
  /** nothing delivered this long: ask the stream (default 2 s) */
  idleMs?: number;
  /** the stream holds a message past the position and nothing came this long since: stalled (default 4 s) */
  stallMs?: number;
  /** a quiet consumer found caught up is asked about again this much later (default 5 s): idle partitions cost little */
  recheckMs?: number;
}

export type Verdict = 'caught-up' | 'behind' | 'stalled';

export class DeliveryWatch {
  private readonly idleMs: number;
  private readonly stallMs: number;
  private readonly recheckMs: number;
  private lastProgressMs: number;
  private nextAskMs = 0;
  /** when the stream was first seen holding a message past the position, nothing delivered since */
  private behindSinceMs: number | undefined;

  constructor(
    /** stream sequence handled through */
    private position: number,
    nowMs: number,
    options: DeliveryWatchOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 2000;
    this.stallMs = options.stallMs ?? 4000;
    this.recheckMs = options.recheckMs ?? 5000;
    this.lastProgressMs = nowMs;
  }

  /** A message was handled. */
  delivered(streamSeq: number, nowMs: number): void {
    this.position = Math.max(this.position, streamSeq);
    this.lastProgressMs = nowMs;
    this.behindSinceMs = undefined;
  }

  /** Whether to ask the stream now: only a consumer that has gone quiet costs a request. */
  due(nowMs: number): boolean {
    return nowMs - this.lastProgressMs >= this.idleMs && nowMs >= this.nextAskMs;
  }

  /** The stream's last sequence on the consumer's subject (0: none), as its leader answered at `nowMs`. */
  observe(streamLastSeq: number, nowMs: number): Verdict {
    if (streamLastSeq <= this.position) {
      this.behindSinceMs = undefined;
      this.nextAskMs = nowMs + this.recheckMs;
      return 'caught-up';
    }
    this.behindSinceMs ??= nowMs;
    return nowMs - this.behindSinceMs >= this.stallMs ? 'stalled' : 'behind';
  }
}

/**
 * Wait before making a consumer again after `failures` attempts in a row that delivered nothing:
 * 0.5 s doubling to 8 s, so that a cluster busy electing its leaders is not flooded with
 * consumer creations, and a consumer is back within 8 s of the cluster answering again.
 */
export function remakeDelayMs(failures: number): number {
  return Math.min(500 * 2 ** Math.max(0, failures), 8000);
}
