// A bounded on-disk spool for points InfluxDB could not take: a folder of numbered NDJSON
// segment files, one batch each, drained oldest first. File names carry the batch number and
// the point count ("000000000042-500.ndjson"), so ordering and accounting need no reading.
// A segment is written to a temporary name and renamed, so a crash never leaves half a batch
// under a real name. When the bound is reached the oldest segments are dropped, counted: for a
// night monitor the newest data is the one still worth having when an outage outlasts the disk
// budget. One process per spool folder.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredPoint } from './points.ts';

export interface SpoolSegment {
  seq: number;
  points: number;
  bytes: number;
  file: string;
}

const SEGMENT_NAME = /^(\d{12})-(\d+)\.ndjson$/;

export class Spool {
  private readonly segments: SpoolSegment[] = [];
  private totalBytes = 0;
  private totalPoints = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      const match = SEGMENT_NAME.exec(name);
      const file = join(dir, name);
      if (!match) {
        if (name.endsWith('.tmp')) rmSync(file, { force: true }); // a write cut short by a crash
        continue;
      }
      this.track({ seq: Number(match[1]), points: Number(match[2]), bytes: statSync(file).size, file });
    }
  }

  get isEmpty(): boolean {
    return this.segments.length === 0;
  }
  get bytes(): number {
    return this.totalBytes;
  }
  get points(): number {
    return this.totalPoints;
  }
  get segmentCount(): number {
    return this.segments.length;
  }
  /** One past the highest batch number on disk, so numbering continues across restarts. */
  nextSeq(): number {
    return this.segments.length === 0 ? 0 : this.segments[this.segments.length - 1].seq + 1;
  }

  oldest(): SpoolSegment | undefined {
    return this.segments[0];
  }

  /** Stores a batch; returns how many points were dropped to stay within the bound. */
  put(seq: number, points: readonly StoredPoint[]): number {
    if (points.length === 0) return 0;
    let text = '';
    for (const p of points) text += JSON.stringify(p) + '\n';
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxBytes) return points.length;
    let dropped = 0;
    while (this.totalBytes + bytes > this.maxBytes && this.segments.length > 0) {
      const evicted = this.segments[0];
      dropped += evicted.points;
      this.remove(evicted);
    }
    const file = join(this.dir, `${String(seq).padStart(12, '0')}-${points.length}.ndjson`);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    this.track({ seq, points: points.length, bytes, file });
    return dropped;
  }

  /** The points of a segment; lines that do not parse (a damaged disk) are counted, not thrown. */
  read(segment: SpoolSegment): { points: StoredPoint[]; badLines: number } {
    let text: string;
    try {
      text = readFileSync(segment.file, 'utf8');
    } catch {
      return { points: [], badLines: segment.points };
    }
    const points: StoredPoint[] = [];
    let badLines = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        points.push(JSON.parse(line) as StoredPoint);
      } catch {
        badLines++;
      }
    }
    return { points, badLines };
  }

  remove(segment: SpoolSegment): void {
    const index = this.segments.indexOf(segment);
    if (index < 0) return; // already evicted while it was being written out
    this.segments.splice(index, 1);
    this.totalBytes -= segment.bytes;
    this.totalPoints -= segment.points;
    try {
      rmSync(segment.file, { force: true });
    } catch {
      // left behind on a failing disk; at worst its points are written twice (idempotent)
    }
  }

  private track(segment: SpoolSegment): void {
    // usually appended at the end; a failed in-flight batch carries an older number than the
    // batches spilled while it was in flight, and goes back in its place
    let index = this.segments.length;
    while (index > 0 && this.segments[index - 1].seq > segment.seq) index--;
    this.segments.splice(index, 0, segment);
    this.totalBytes += segment.bytes;
    this.totalPoints += segment.points;
  }
}
