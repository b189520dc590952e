// The InfluxDB 1.x store: a NightStore that batches points (by size and by time), writes them
// with retries (exponential backoff, full jitter), and never holds more than a bounded number in
// memory: what cannot be written goes to a bounded on-disk spool and is replayed, oldest first,
// once InfluxDB answers again. Writes are idempotent (same series and timestamp overwrite), so a
// batch written twice (its answer lost, then replayed) leaves no duplicate rows.
//
// Order is kept end to end: every batch gets a number when it leaves memory; while the spool is
// not empty nothing newer is written ahead of it; a batch that fails in flight goes back into
// the spool under its own (older) number, ahead of anything spilled meanwhile.
// Shape after influxdb-client-js's WriteApi + RetryBuffer (bounded, jittered retries,
// close() flushes and reports what it could not send).
import type { InfluxDB, IPoint } from 'influx';
import type { Logger } from 'pino';
import type { Episode, LimbMovement, SignalPoint } from '../../core/types.ts';
import type { FieldValue, IngestHealth, NightStore, RejectPoint } from '../store.ts';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { createInfluxClient } from './client.ts';
import { classifyFailure, type Failure } from './errors.ts';
import {
  episodePoint,
  healthPoint,
  limbMovementPoint,
  recordPoint,
  rejectPoint,
  signalPoint,
  type Conversion,
  type StoredPoint,
} from './points.ts';
import { ensureDatabase, validRetention } from './setup.ts';
import { Spool } from './spool.ts';

export interface InfluxStoreOptions {
  /** InfluxDB 1.x HTTP URL, e.g. http://127.0.0.1:8086 */
  url: string;
  database: string;
  username?: string;
  password?: string;
  /** how long `signal` points are kept: 30d, 12w, 48h or INF (default 30d) */
  signalRetention?: string;
  /** folder of the on-disk spool */
  spoolDir: string;
  /** spool bound; beyond it the oldest batches are dropped, counted (default 256 MiB) */
  spoolMaxBytes?: number;
  /** points per write request (default 1000) */
  batchSize?: number;
  /** a partial batch is written after this long (default 1000 ms) */
  flushIntervalMs?: number;
  /** points held in memory at most; beyond, they go to the spool (default 10 000) */
  maxBufferedPoints?: number;
  /** while InfluxDB is down, memory is moved to the spool every this many flush intervals (default 10) */
  spillEveryIntervals?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** [0, 1) source for jitter; injectable for tests */
  random?: () => number;
  logger: Logger;
}

export interface InfluxStoreStats {
  /** points InfluxDB acknowledged */
  written: number;
  /** points that went to the spool (some may since have been written) */
  spooled: number;
  /** points dropped: spool bound reached, or refused for good by InfluxDB (4xx) */
  dropped: number;
  /** points never accepted: invalid tag values (a bad device id), bad names, no fields */
  invalid: number;
  /** in memory now */
  buffered: number;
  /** in the spool now */
  spoolPoints: number;
  spoolSegments: number;
  /** failed write attempts in a row; 0 when InfluxDB is healthy */
  consecutiveFailures: number;
}

const DEFAULTS = {
  signalRetention: '30d',
  spoolMaxBytes: 256 * 1024 * 1024,
  batchSize: 1000,
  flushIntervalMs: 1000,
  maxBufferedPoints: 10_000,
  spillEveryIntervals: 10,
};

const toInfluxPoint = (p: StoredPoint): IPoint => ({ measurement: p.measurement, tags: p.tags, fields: p.fields, timestamp: p.tMs });

function byRetentionPolicy(points: readonly StoredPoint[]): Map<string, IPoint[]> {
  const groups = new Map<string, IPoint[]>();
  for (const p of points) {
    let group = groups.get(p.rp);
    if (!group) groups.set(p.rp, (group = []));
    group.push(toInfluxPoint(p));
  }
  return groups;
}

export class InfluxStore implements NightStore {
  readonly influx: InfluxDB;
  private readonly log: Logger;
  private readonly spool: Spool;
  private readonly settings: typeof DEFAULTS;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private buffer: StoredPoint[] = [];
  private nextBatch: number;
  private pumping: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly flushTimer: NodeJS.Timeout;
  private intervalsSinceSpill = 0;
  private schemaReady = false;
  private closed = false;
  private readonly invalidByReason = new Map<string, number>();
  private readonly counts = { written: 0, spooled: 0, dropped: 0, invalid: 0 };
  private consecutiveFailures = 0;
  private spoolErrors = 0;

  constructor(private readonly options: InfluxStoreOptions) {
    this.settings = {
      signalRetention: options.signalRetention ?? DEFAULTS.signalRetention,
      spoolMaxBytes: options.spoolMaxBytes ?? DEFAULTS.spoolMaxBytes,
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      flushIntervalMs: options.flushIntervalMs ?? DEFAULTS.flushIntervalMs,
      maxBufferedPoints: options.maxBufferedPoints ?? DEFAULTS.maxBufferedPoints,
      spillEveryIntervals: options.spillEveryIntervals ?? DEFAULTS.spillEveryIntervals,
    };
    if (!validRetention(this.settings.signalRetention)) {
      throw new Error(`bad signal retention "${this.settings.signalRetention}": an InfluxDB duration of at least 1h such as 30d, 12w, 48h or INF`);
    }
    if (!/^[A-Za-z0-9_]{1,64}$/.test(options.database)) throw new Error(`bad InfluxDB database name "${options.database}"`);
    this.log = options.logger.child({ component: 'influx-store' });
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.influx = createInfluxClient(options);
    this.spool = new Spool(options.spoolDir, this.settings.spoolMaxBytes);
    this.nextBatch = this.spool.nextSeq();
    if (!this.spool.isEmpty) {
      this.log.info({ points: this.spool.points, segments: this.spool.segmentCount, dir: options.spoolDir }, 'spooled points from an earlier run will be written first');
    }
    this.flushTimer = setInterval(() => this.onInterval(), this.settings.flushIntervalMs);
    this.flushTimer.unref();
  }

  /** Creates the database and retention policies now; false (and logged) when InfluxDB is not reachable yet. */
  async prepare(): Promise<boolean> {
    try {
      await this.ensureSchema();
      return true;
    } catch (error) {
      this.log.warn({ err: classifyFailure(error).message, url: redactUrl(this.options.url) }, 'InfluxDB not ready at start: points will be spooled until it is');
      return false;
    }
  }

  episode(event: Episode): void {
    this.add(episodePoint(event));
  }
  signal(point: SignalPoint): void {
    this.add(signalPoint(point));
  }
  limbMovement(movement: LimbMovement): void {
    this.add(limbMovementPoint(movement));
  }
  health(h: IngestHealth): void {
    this.add(healthPoint(h));
  }
  rejects(r: RejectPoint): void {
    this.add(rejectPoint(r));
  }
  record(measurement: string, tags: Record<string, string>, fields: Record<string, FieldValue>, tMs: number): void {
    this.add(recordPoint(measurement, tags, fields, tMs));
  }

  /**
   * Writes everything buffered and spooled now, ignoring any backoff wait. When InfluxDB is
   * down it does not wait for it: what is left goes to the spool, and flush resolves.
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

  /** Flushes, then stops the timers. Points that arrive later are dropped, counted. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.flushTimer);
    await this.flush();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const s = this.stats();
    this.log.info({ written: s.written, spoolPoints: s.spoolPoints, dropped: s.dropped, invalid: s.invalid }, 'influx store closed');
  }

  stats(): InfluxStoreStats {
    return {
      ...this.counts,
      buffered: this.buffer.length,
      spoolPoints: this.spool.points,
      spoolSegments: this.spool.segmentCount,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  private add(conversion: Conversion): void {
    if (!conversion.ok) return this.countInvalid(conversion.reason);
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    try {
      // the client's own schema check, once per point here rather than failing a whole batch later
      this.influx.parsePoint(toInfluxPoint(conversion.point), { precision: 'ms' });
    } catch (error) {
      return this.countInvalid('schema', (error as Error).message);
    }
    this.buffer.push(conversion.point);
    if (this.buffer.length >= this.settings.maxBufferedPoints) this.spillBuffer();
    else if (this.buffer.length >= this.settings.batchSize && !this.retryTimer) this.kick();
  }

  private countInvalid(reason: string, detail?: string): void {
    this.counts.invalid++;
    const seen = (this.invalidByReason.get(reason) ?? 0) + 1;
    this.invalidByReason.set(reason, seen);
    // once per reason, then every 1000th: a sensor with a bad id must not flood the log
    if (seen === 1 || seen % 1000 === 0) this.log.warn({ reason, count: seen, detail }, 'point not stored');
  }

  private onInterval(): void {
    if (this.retryTimer) {
      // InfluxDB is down and we wait to retry: keep memory small and the data durable
      if (++this.intervalsSinceSpill >= this.settings.spillEveryIntervals || this.buffer.length >= this.settings.batchSize) this.spillBuffer();
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
    for (;;) {
      const segment = this.spool.oldest();
      if (segment) {
        const { points, badLines } = this.spool.read(segment);
        if (badLines > 0) {
          this.counts.dropped += badLines;
          this.log.error({ file: segment.file, badLines }, 'unreadable lines in the spool dropped');
        }
        if (!(await this.write(points))) return this.scheduleRetry();
        this.spool.remove(segment);
        continue;
      }
      if (this.buffer.length === 0) return;
      const batchNumber = this.nextBatch++;
      const batch = this.buffer.splice(0, this.settings.batchSize);
      if (!(await this.write(batch))) {
        this.toSpool(batchNumber, batch);
        return this.scheduleRetry();
      }
    }
  }

  /** true when the points are settled (written, or refused for good); false to retry later. */
  private async write(points: StoredPoint[]): Promise<boolean> {
    if (points.length === 0) return true;
    try {
      await this.ensureSchema();
      for (const [rp, group] of byRetentionPolicy(points)) {
        await this.influx.writePoints(group, { precision: 'ms', retentionPolicy: rp });
      }
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'rejected') {
        // InfluxDB 1.x writes the valid points of a batch and answers 400 "partial write: …
        // dropped=N" for the rest: points older than their retention policy (an old night
        // replayed), a field type conflict, an unparsable line
        const partial = /partial write:.*dropped=(\d+)/s.exec(failure.message);
        const refused = partial ? Math.min(points.length, Number(partial[1])) : points.length;
        this.counts.dropped += refused;
        this.counts.written += points.length - refused;
        this.log.error({ status: failure.status, err: failure.message.trim(), points: points.length, refused }, 'InfluxDB refused points: dropped');
        return true;
      }
      if (failure.kind === 'no_database') this.schemaReady = false;
      this.noteFailure(failure);
      return false;
    }
    this.counts.written += points.length;
    if (this.consecutiveFailures > 0) {
      this.log.info({ failedAttempts: this.consecutiveFailures, spoolPoints: this.spool.points }, 'InfluxDB writable again');
      this.consecutiveFailures = 0;
    }
    return true;
  }

  private async ensureSchema(): Promise<void> {
    if (this.schemaReady) return;
    try {
      const result = await ensureDatabase(this.influx, this.options.database, this.settings.signalRetention);
      this.log.info({ database: this.options.database, ...result, signalRetention: this.settings.signalRetention }, 'InfluxDB schema ready');
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'rejected' && failure.kind !== 'unauthorized') throw error;
      // not allowed to create databases or policies: an operator prepared them (deploy/), or
      // the writes will say what is missing
      this.log.warn({ status: failure.status, err: failure.message }, 'could not create the database or retention policies; writing anyway');
    }
    this.schemaReady = true;
  }

  private noteFailure(failure: Failure): void {
    this.consecutiveFailures++;
    if (this.consecutiveFailures === 1) {
      this.log.warn({ kind: failure.kind, status: failure.status, err: failure.message }, 'InfluxDB write failed: spooling to disk and retrying');
    }
  }

  private scheduleRetry(): void {
    const delayMs = backoffDelayMs(this.consecutiveFailures, this.backoff, this.random);
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
    for (let i = 0; i < points.length; i += this.settings.batchSize) {
      this.toSpool(this.nextBatch++, points.slice(i, i + this.settings.batchSize));
    }
  }

  private toSpool(batchNumber: number, points: StoredPoint[]): void {
    let dropped: number;
    try {
      dropped = this.spool.put(batchNumber, points);
      this.counts.spooled += points.length;
    } catch (error) {
      // a full or read-only disk must not stop the pipeline: these points are lost, counted
      this.counts.dropped += points.length;
      this.spoolErrors++;
      if (this.spoolErrors === 1 || this.spoolErrors % 100 === 0) {
        this.log.error({ err: (error as Error).message, dir: this.options.spoolDir, points: points.length, spoolErrors: this.spoolErrors }, 'could not write to the spool: points dropped');
      }
      return;
    }
    if (dropped > 0) {
      this.counts.dropped += dropped;
      this.log.error({ dropped, maxBytes: this.settings.spoolMaxBytes, dir: this.options.spoolDir }, 'spool full: oldest points dropped');
    }
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'invalid url';
  }
}

/** Builds the store and tries to create the schema; a database that is down is not an error. */
export async function openInfluxStore(options: InfluxStoreOptions): Promise<InfluxStore> {
  const store = new InfluxStore(options);
  await store.prepare();
  return store;
}
