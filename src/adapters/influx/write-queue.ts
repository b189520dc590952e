// Batches points (by size and by time) to a write function, retries with exponential backoff and
// jitter, and never holds more than a bounded number in memory: what cannot be written goes to
// the bounded on-disk spool and is written, oldest first, once the writes succeed again.
// Shape after influxdb-client-js's WriteApi + RetryBuffer (bounded, jittered retries, close()
// flushes and reports what it could not send).
//
// Order is kept end to end: every batch gets a number when it leaves memory; while the spool is
// not empty nothing newer is written ahead of it; a batch that fails in flight goes back into
// the spool under its own (older) number, ahead of anything spilled meanwhile.
import type { Logger } from 'pino';
import { backoffDelayMs, type BackoffOptions } from './backoff.ts';
import type { StoredPoint } from './points.ts';
import type { Spool } from './spool.ts';

/** What one write attempt came to. */
export type WriteOutcome =
  | { kind: 'written' }
  /** the database refused `refused` of the points for good (the rest were written) */
  | { kind: 'refused'; refused: number; detail: string }
  /** nothing settled: keep the points and try again later */
  | { kind: 'retry'; detail: string };

export type WriteBatch = (points: StoredPoint[]) => Promise<WriteOutcome>;

export interface WriteQueueOptions {
  write: WriteBatch;
  spool: Spool;
  /** points per write (and per spool segment) */
  batchSize: number;
  /** a partial batch is written after this long */
  flushIntervalMs: number;
  /** points held in memory at most; beyond, they go to the spool */
  maxBufferedPoints: number;
  /** while writes fail, memory is moved to the spool every this many flush intervals */
  spillEveryIntervals: number;
  backoff: BackoffOptions;
  /** [0, 1) source for jitter */
  random: () => number;
  logger: Logger;
}

export interface WriteQueueStats {
  /** points the database acknowledged */
  written: number;
  /** points that went to the spool (some may since have been written) */
  spooled: number;
  /** points dropped: spool bound reached or unwritable, refused for good, or pushed after close */
  dropped: number;
  /** in memory now */
  buffered: number;
  /** in the spool now */
  spoolPoints: number;
  spoolSegments: number;
  /** failed write attempts in a row; 0 when writes succeed */
  consecutiveFailures: number;
}

export class WriteQueue {
  private buffer: StoredPoint[] = [];
  private nextBatch: number;
  private pumping: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly flushTimer: NodeJS.Timeout;
  private intervalsSinceSpill = 0;
  private closed = false;
  private readonly counts = { written: 0, spooled: 0, dropped: 0 };
  private consecutiveFailures = 0;
  private spoolErrors = 0;
  private readonly refusals = new Map<string, { batches: number; points: number }>();

  constructor(private readonly options: WriteQueueOptions) {
    this.nextBatch = options.spool.nextSeq();
    this.flushTimer = setInterval(() => this.onInterval(), options.flushIntervalMs);
    this.flushTimer.unref();
  }

  push(point: StoredPoint): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    this.buffer.push(point);
    if (this.buffer.length >= this.options.maxBufferedPoints) this.spillBuffer();
    else if (this.buffer.length >= this.options.batchSize && !this.retryTimer) this.kick();
  }

  /**
   * Writes everything buffered and spooled now, ignoring any backoff wait. When writes fail it
   * does not wait: what is left goes to the spool, and flush resolves.
   */
  async flush(): Promise<void> {
    await this.pumping;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.kick();
    await this.pumping;
    this.spillBuffer();
  }

  /** Flushes, then stops the timers. Points pushed later are dropped, counted. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.flushTimer);
    await this.flush();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  stats(): WriteQueueStats {
    const { spool } = this.options;
    return {
      ...this.counts,
      buffered: this.buffer.length,
      spoolPoints: spool.points,
      spoolSegments: spool.segmentCount,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  private onInterval(): void {
    if (this.retryTimer) {
      // writes fail and we wait to retry: keep memory small and the data durable
      if (++this.intervalsSinceSpill >= this.options.spillEveryIntervals || this.buffer.length >= this.options.batchSize) this.spillBuffer();
      return;
    }
    this.kick();
  }

  private kick(): void {
    if (this.pumping || this.retryTimer) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  /** Drains the spool, then memory, a batch at a time, until empty or a write fails. */
  private async pump(): Promise<void> {
    const { spool, batchSize, logger } = this.options;
    for (;;) {
      const segment = spool.oldest();
      if (segment) {
        const { points, badLines } = spool.read(segment);
        if (badLines > 0) {
          this.counts.dropped += badLines;
          logger.error({ file: segment.file, badLines }, 'unreadable lines in the spool dropped');
        }
        if (!(await this.write(points))) return this.scheduleRetry();
        spool.remove(segment);
        continue;
      }
      if (this.buffer.length === 0) return;
      const batchNumber = this.nextBatch++;
      const batch = this.buffer.splice(0, batchSize);
      if (!(await this.write(batch))) {
        this.toSpool(batchNumber, batch);
        return this.scheduleRetry();
      }
    }
  }

  /** true when the points are settled (written, or refused for good); false to retry later. */
  private async write(points: StoredPoint[]): Promise<boolean> {
    if (points.length === 0) return true;
    const { logger, spool } = this.options;
    let outcome: WriteOutcome;
    try {
      outcome = await this.options.write(points);
    } catch (error) {
      outcome = { kind: 'retry', detail: (error as Error).message };
    }
    if (outcome.kind === 'retry') {
      if (++this.consecutiveFailures === 1) logger.warn({ err: outcome.detail }, 'write failed: spooling to disk and retrying');
      return false;
    }
    const refused = outcome.kind === 'refused' ? Math.min(points.length, outcome.refused) : 0;
    if (outcome.kind === 'refused') this.logRefused(outcome.detail, refused);
    this.counts.dropped += refused;
    this.counts.written += points.length - refused;
    if (this.consecutiveFailures > 0) {
      logger.info({ failedAttempts: this.consecutiveFailures, spoolPoints: spool.points }, 'writes succeed again');
      this.consecutiveFailures = 0;
    }
    return true;
  }

  /**
   * Once per kind of refusal, then at 10, 100, 1000… batches: an old night replayed into a
   * short retention policy is refused batch after batch, and must not flood the log.
   */
  private logRefused(detail: string, refused: number): void {
    const key = detail.replace(/\d+/g, 'N');
    const seen = this.refusals.get(key) ?? { batches: 0, points: 0 };
    seen.batches++;
    seen.points += refused;
    this.refusals.set(key, seen);
    if (/^10*$/.test(String(seen.batches))) {
      this.options.logger.error({ err: detail, batches: seen.batches, pointsRefused: seen.points }, 'points refused for good: dropped');
    }
  }

  private scheduleRetry(): void {
    const delayMs = backoffDelayMs(this.consecutiveFailures, this.options.backoff, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delayMs);
    this.retryTimer.unref();
  }

  private spillBuffer(): void {
    this.intervalsSinceSpill = 0;
    if (this.buffer.length === 0) return;
    const points = this.buffer;
    this.buffer = [];
    // batch-sized segments: draining them later is one ordinary write request each
    for (let i = 0; i < points.length; i += this.options.batchSize) {
      this.toSpool(this.nextBatch++, points.slice(i, i + this.options.batchSize));
    }
  }

  private toSpool(batchNumber: number, points: StoredPoint[]): void {
    const { spool, logger } = this.options;
    let dropped: number;
    try {
      dropped = spool.put(batchNumber, points);
      this.counts.spooled += points.length;
    } catch (error) {
      // a full or read-only disk must not stop the pipeline: these points are lost, counted
      this.counts.dropped += points.length;
      if (++this.spoolErrors === 1 || this.spoolErrors % 100 === 0) {
        logger.error({ err: (error as Error).message, dir: spool.dir, points: points.length, spoolErrors: this.spoolErrors }, 'could not write to the spool: points dropped');
      }
      return;
    }
    if (dropped > 0) {
      this.counts.dropped += dropped;
      logger.error({ dropped, maxBytes: spool.maxBytes, dir: spool.dir }, 'spool full: oldest points dropped');
    }
  }
}
