// The InfluxDB 1.x store: the NightStore the pipeline writes through. It turns what the core
// reports into typed points (points.ts), refuses what must never be written (invalid tag
// values, counted), creates the database and retention policies (setup.ts), and hands the
// points to a WriteQueue (batches, jittered retries, bounded memory, on-disk spool). Writes are
// idempotent (same series and timestamp overwrite), so a batch written twice (its answer lost,
// then replayed from the spool) leaves no duplicate rows.
import type { InfluxDB, IPoint } from 'influx';
import type { Logger } from 'pino';
import type { Episode, LimbMovement, SignalPoint } from '../../core/types.ts';
import type { FieldValue, IngestHealth, NightStore, RejectPoint } from '../store.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
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
import { diaryPoint } from './diary-point.ts';
import type { DiaryEntry } from '../../diary/record.ts';
import { ensureDatabase, validRetention } from './setup.ts';
import { Spool } from './spool.ts';
import { WriteQueue, type WriteOutcome, type WriteQueueStats } from './write-queue.ts';
import { redactedUrl } from '../../redacted-url.ts';

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

export interface InfluxStoreStats extends WriteQueueStats {
  /** points never accepted: invalid tag values (a bad device id), bad names, no fields */
  invalid: number;
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
  private readonly queue: WriteQueue;
  private readonly signalRetention: string;
  private schemaReady = false;
  private invalid = 0;
  private readonly invalidByReason = new Map<string, number>();

  constructor(private readonly options: InfluxStoreOptions) {
    this.signalRetention = options.signalRetention ?? DEFAULTS.signalRetention;
    if (!validRetention(this.signalRetention)) {
      throw new Error(`bad signal retention "${this.signalRetention}": an InfluxDB duration of at least 1h such as 30d, 12w, 48h or INF`);
    }
    if (!/^[A-Za-z0-9_]{1,64}$/.test(options.database)) throw new Error(`bad InfluxDB database name "${options.database}"`);
    this.log = options.logger.child({ component: 'influx-store' });
    this.influx = createInfluxClient(options);
    const spool = new Spool(options.spoolDir, options.spoolMaxBytes ?? DEFAULTS.spoolMaxBytes);
    if (!spool.isEmpty) {
      this.log.info({ points: spool.points, segments: spool.segmentCount, dir: options.spoolDir }, 'spooled points from an earlier run will be written first');
    }
    this.queue = new WriteQueue({
      write: (points) => this.write(points),
      spool,
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      flushIntervalMs: options.flushIntervalMs ?? DEFAULTS.flushIntervalMs,
      maxBufferedPoints: options.maxBufferedPoints ?? DEFAULTS.maxBufferedPoints,
      spillEveryIntervals: options.spillEveryIntervals ?? DEFAULTS.spillEveryIntervals,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random: options.random ?? Math.random,
      logger: this.log,
    });
  }

  /** Creates the database and retention policies now; false (and logged) when InfluxDB is not reachable yet. */
  async prepare(): Promise<boolean> {
    try {
      await this.ensureSchema();
      return true;
    } catch (error) {
      this.log.warn({ err: classifyFailure(error).message, url: redactedUrl(this.options.url) }, 'InfluxDB not ready at start: points will be spooled until it is');
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
  diary(entry: DiaryEntry): void {
    this.add(diaryPoint(entry));
  }

  /**
   * Writes everything buffered and spooled now, ignoring any backoff wait. When InfluxDB is
   * down it does not wait for it: what is left goes to the spool, and flush resolves.
   */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Flushes, then stops the timers. Points that arrive later are dropped, counted. */
  async close(): Promise<void> {
    await this.queue.close();
    const s = this.stats();
    this.log.info({ written: s.written, spoolPoints: s.spoolPoints, dropped: s.dropped, invalid: s.invalid }, 'influx store closed');
  }

  stats(): InfluxStoreStats {
    return { ...this.queue.stats(), invalid: this.invalid };
  }

  private add(conversion: Conversion): void {
    if (!conversion.ok) return this.countInvalid(conversion.reason);
    try {
      // the client's own schema check, once per point here rather than failing a whole batch later
      this.influx.parsePoint(toInfluxPoint(conversion.point), { precision: 'ms' });
    } catch (error) {
      return this.countInvalid('schema', (error as Error).message);
    }
    this.queue.push(conversion.point);
  }

  private countInvalid(reason: string, detail?: string): void {
    this.invalid++;
    const seen = (this.invalidByReason.get(reason) ?? 0) + 1;
    this.invalidByReason.set(reason, seen);
    // once per reason, then every 1000th: a sensor with a bad id must not flood the log
    if (seen === 1 || seen % 1000 === 0) this.log.warn({ reason, count: seen, detail }, 'point not stored');
  }

  /**
   * One batch to InfluxDB, one request per retention policy. Every policy's request is made
   * even when another's fails: old signals refused by a short `signals` policy must not keep
   * the same batch's episodes out of `autogen`.
   */
  private async write(points: StoredPoint[]): Promise<WriteOutcome> {
    try {
      await this.ensureSchema();
    } catch (error) {
      return { kind: 'retry', detail: describe(classifyFailure(error)) };
    }
    let refused = 0;
    const refusals: string[] = [];
    let retry: string | undefined;
    for (const [rp, group] of byRetentionPolicy(points)) {
      try {
        await this.influx.writePoints(group, { precision: 'ms', retentionPolicy: rp });
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'rejected') {
          // InfluxDB 1.x writes the valid points of a request and answers 400 "partial write:
          // … dropped=N" for the rest: points older than their retention policy (an old night
          // replayed), a field type conflict, an unparsable line
          const partial = /partial write:.*dropped=(\d+)/s.exec(failure.message);
          refused += partial ? Math.min(group.length, Number(partial[1])) : group.length;
          refusals.push(`${rp}: ${describe(failure)}`);
        } else {
          if (failure.kind === 'no_database') this.schemaReady = false;
          retry = describe(failure);
        }
      }
    }
    // a retry sends the whole batch again: what was written is overwritten (idempotent), and
    // refusals are counted once, when the batch settles
    if (retry !== undefined) return { kind: 'retry', detail: retry };
    if (refused > 0) return { kind: 'refused', refused, detail: refusals.join('; ') };
    return { kind: 'written' };
  }

  private async ensureSchema(): Promise<void> {
    if (this.schemaReady) return;
    try {
      const result = await ensureDatabase(this.influx, this.options.database, this.signalRetention);
      this.log.info({ database: this.options.database, ...result, signalRetention: this.signalRetention }, 'InfluxDB schema ready');
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'rejected' && failure.kind !== 'unauthorized') throw error;
      // not allowed to create databases or policies: an operator prepared them (deploy/), or
      // the writes will say what is missing
      this.log.warn({ status: failure.status, err: failure.message }, 'could not create the database or retention policies; writing anyway');
    }
    this.schemaReady = true;
  }
}

function describe(failure: Failure): string {
  return `${failure.kind}${failure.status ? ` ${failure.status}` : ''}: ${failure.message.trim()}`;
}

/** Builds the store and tries to create the schema; a database that is down is not an error. */
export async function openInfluxStore(options: InfluxStoreOptions): Promise<InfluxStore> {
  const store = new InfluxStore(options);
  await store.prepare();
  return store;
}
