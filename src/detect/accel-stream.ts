// One accelerometer worn on the leg (shank, foot or thigh, PROTOCOL §1 and §10.1), fed block by
// block: each frame's samples are handed to its tracker up to the end of the decision block
// they fall in, on the accelerometer's own clock (acc.t may differ from the EMG's t).
import type { AccBlock } from '../core/types.ts';
import { AccelTracker } from '../dsp/accel-tracker.ts';

/** the usual rate; the tracker follows each frame's own */
const DEFAULT_FS_HZ = 50;

export class AccelStream {
  readonly tracker = new AccelTracker(DEFAULT_FS_HZ);
  private block: AccBlock | undefined;
  private index = 0;

  /** This frame's samples (none when the frame carries none). */
  load(block: AccBlock | undefined): void {
    this.block = block;
    this.index = 0;
    if (block) this.tracker.setRate(block.fsHz);
  }

  /** Feeds the loaded samples timed before untilMs. */
  feedUntil(untilMs: number): void {
    const block = this.block;
    if (!block) return;
    const periodMs = 1000 / block.fsHz;
    const mg = block.mg;
    const n = mg.length / 3;
    while (this.index < n && block.tMs + this.index * periodMs < untilMs) {
      const k = 3 * this.index;
      this.tracker.next(mg[k], mg[k + 1], mg[k + 2]);
      this.index++;
    }
  }

  /** samples have been seen since the start */
  get worn(): boolean {
    return this.tracker.seen > 0;
  }

  endBlock(): void {
    this.tracker.endBlock();
  }

  restart(): void {
    this.tracker.restart();
  }
}
