// What the night summary needs from one device's stream: the span and the time actually covered
// by samples, the missing time, and the time spent in each posture.
import type { NightStats } from '../core/device-core.ts';
import { POSTURES, type Posture } from '../core/types.ts';

export class NightStatistics {
  private fromMs = NaN;
  private toMs = NaN;
  private recordedMs = 0;
  private gapMs = 0;
  private readonly postureMs = new Float64Array(POSTURES.length);

  /** the time of the last sample seen, NaN before any */
  get lastMs(): number {
    return this.toMs;
  }

  frameStarts(tMs: number): void {
    if (Number.isNaN(this.fromMs)) this.fromMs = tMs;
  }

  /** a frame's samples covered periodMs each, up to endMs */
  frameEnded(endMs: number, samples: number, periodMs: number): void {
    this.toMs = endMs;
    this.recordedMs += samples * periodMs;
  }

  gap(fromMs: number, toMs: number): void {
    if (toMs > fromMs) this.gapMs += toMs - fromMs;
  }

  postureFor(posture: Posture, ms: number): void {
    this.postureMs[POSTURES.indexOf(posture)] += ms;
  }

  /**
   * `pending`: samples taken but not yet in a whole block, counted in the posture of now. Posture
   * time then covers every sample up to the last, so statistics read at a frame's end (a night
   * carried to another owner, night-carry.ts) do not depend on where the reader's blocks began.
   */
  summary(device: string, limbMovements: number, periodicLimbMovements: number, pending?: { posture: Posture; ms: number }): NightStats {
    const postureMs = {} as Record<Posture, number>;
    POSTURES.forEach((p, k) => (postureMs[p] = Math.round(this.postureMs[k] + (pending?.posture === p ? pending.ms : 0))));
    const hours = this.recordedMs / 3_600_000;
    return {
      device,
      fromMs: Number.isNaN(this.fromMs) ? 0 : Math.round(this.fromMs),
      toMs: Number.isNaN(this.toMs) ? 0 : Math.round(this.toMs),
      recordedMs: Math.round(this.recordedMs),
      postureMs,
      limbMovements,
      periodicLimbMovements,
      plmIndexPerHour: hours > 0 ? periodicLimbMovements / hours : 0,
      gapMs: Math.round(this.gapMs),
    };
  }
}
