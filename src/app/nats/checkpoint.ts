// How far a partition has been processed, and what its devices had open then: one KV entry per
// partition, written by its owner only. It is the consumer's "ack": a new owner (after a hand-
// over or a crash) reads it, warms its detectors up on the frames from `fromSeq` to `seq` (the
// stream still holds them), continues the journal's open episodes, and takes live frames from
// `seq + 1`. Each write is a compare-and-set on the entry's revision, and a new owner's first act
// is such a write with its lease's epoch: whatever an old owner still tries to write afterwards
// is refused (fencing), and it stops.
import type { KV } from '@nats-io/kv';
import type { Episode } from '../../core/types.ts';
import type { CarriedNights } from './night-carry.ts';

export interface PartitionCheckpoint {
  v: 1;
  partition: number;
  /** the worker that wrote it, and its lease's epoch (the lease's create revision) */
  worker: string;
  epoch: number;
  /** frames stream sequence processed through (0: nothing yet) */
  seq: number;
  /** the first frames stream sequence a warm-up of this partition's detectors needs */
  fromSeq: number;
  /** open episodes, and closes held back for the next owner (episode-resume.ts) */
  episodes: Episode[];
  /**
   * each device's night so far, for its summary (night-carry.ts); absent in checkpoints of
   * earlier versions, whose nights then start afresh with the new owner
   */
  nights?: CarriedNights;
  /** wall clock of the write, ms */
  atMs: number;
}

export const checkpointKey = (partition: number) => `p${partition}`;

export class FencedError extends Error {}

/**
 * Writes a partition's checkpoints one at a time, the latest wins: a snapshot handed in while a
 * write is on its way replaces any other waiting one. `onFenced` is called once if a write is
 * refused because another owner wrote since.
 */
export class CheckpointWriter {
  private waiting: PartitionCheckpoint | undefined;
  private writing: Promise<void> | undefined;
  private fenced = false;
  /** the latest checkpoint known written */
  written: PartitionCheckpoint | undefined;

  private constructor(
    private readonly kv: KV,
    private readonly key: string,
    private revision: number,
    private readonly onFenced: (error: Error) => void,
  ) {}

  /**
   * Reads the partition's checkpoint and writes it back under the new owner's epoch: from this
   * write on, the previous owner's writes are refused. Throws FencedError if someone wrote between
   * the read and the write (another worker took the partition first).
   */
  static async takeOver(kv: KV, partition: number, worker: string, epoch: number, onFenced: (error: Error) => void): Promise<{ writer: CheckpointWriter; previous: PartitionCheckpoint | undefined }> {
    const key = checkpointKey(partition);
    const entry = await kv.get(key);
    const previous = entry && entry.operation === 'PUT' && entry.value.length > 0 ? entry.json<PartitionCheckpoint>() : undefined;
    if (previous && previous.epoch > epoch) throw new FencedError(`partition ${partition} was taken by ${previous.worker} with a newer lease`);
    const mine: PartitionCheckpoint = previous
      ? { ...previous, worker, epoch, atMs: Date.now() }
      : { v: 1, partition, worker, epoch, seq: 0, fromSeq: 0, episodes: [], atMs: Date.now() };
    let revision: number;
    try {
      revision = entry ? await kv.update(key, JSON.stringify(mine), entry.revision) : await kv.create(key, JSON.stringify(mine));
    } catch (error) {
      throw new FencedError(`partition ${partition}: its checkpoint changed while taking it over (${(error as Error).message})`);
    }
    const writer = new CheckpointWriter(kv, key, revision, onFenced);
    writer.written = mine;
    return { writer, previous };
  }

  write(checkpoint: PartitionCheckpoint): void {
    if (this.fenced) return;
    this.waiting = checkpoint;
    this.writing ??= this.drain();
  }

  /** Resolves once everything handed in is written (or fenced off). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.fenced) throw new FencedError(`checkpoint ${this.key} is fenced: another worker owns the partition now`);
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting && !this.fenced) {
        const next = this.waiting;
        this.waiting = undefined;
        try {
          this.revision = await this.kv.update(this.key, JSON.stringify(next), this.revision);
          this.written = next;
        } catch (error) {
          // a wrong last sequence is the fence, unless it was our own write answered too late (a
          // timeout whose write went through); anything else (no quorum for a moment) is retried
          if (/wrong last sequence/i.test((error as Error).message)) {
            const current = await this.kv.get(this.key).catch(() => null);
            const holder = current?.operation === 'PUT' ? current.json<PartitionCheckpoint>() : undefined;
            if (current && holder?.worker === next.worker && holder.epoch === next.epoch) {
              this.revision = current.revision;
              this.waiting ??= next;
              continue;
            }
            this.fenced = true;
            this.onFenced(error as Error);
          } else {
            this.waiting ??= next;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
