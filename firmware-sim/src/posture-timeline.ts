// The posture epochs of a night, read in time order: gravity and ankle angle per device, moving
// smoothly from one epoch's values to the next over the transition (turning over, getting up).
import { smoothstep } from './layers/renderer.ts';
import type { PostureEpoch, Vec3 } from './spec.ts';

export class PostureTimeline {
  private cursor = 0;

  constructor(
    private readonly epochs: readonly PostureEpoch[],
    private readonly device: number,
  ) {}

  private epochAt(tMs: number): number {
    // Time moves forward within a render; step back only if asked about the past.
    while (this.cursor > 0 && tMs < this.epochs[this.cursor].startMs) this.cursor--;
    while (this.cursor < this.epochs.length - 1 && tMs >= this.epochs[this.cursor + 1].startMs) this.cursor++;
    return this.cursor;
  }

  /** 0..1 of the way from the previous epoch into epoch `k` at tMs. */
  private blend(k: number, tMs: number): number {
    const epoch = this.epochs[k];
    if (k === 0 || epoch.transitionMs <= 0) return 1;
    return smoothstep((tMs - epoch.startMs) / epoch.transitionMs);
  }

  /** Gravity in mg at tMs, written to out[at..at+2]. */
  gravity(tMs: number, out: Float32Array, at: number): void {
    const k = this.epochAt(tMs);
    const now = this.epochs[k].gravity[this.device];
    const w = this.blend(k, tMs);
    if (w >= 1) {
      out[at] = now[0];
      out[at + 1] = now[1];
      out[at + 2] = now[2];
      return;
    }
    const before: Vec3 = this.epochs[k - 1].gravity[this.device];
    // Interpolate the direction, then restore 1 g: a rotation, not a shrink.
    let x = before[0] + (now[0] - before[0]) * w;
    let y = before[1] + (now[1] - before[1]) * w;
    let z = before[2] + (now[2] - before[2]) * w;
    const norm = Math.hypot(x, y, z) || 1;
    // Through an antipodal turn (supine → prone) the mid-point is near zero: roll through a side.
    if (norm < 300) y += 1000 * Math.sin(Math.PI * w);
    const scale = 1000 / (Math.hypot(x, y, z) || 1);
    out[at] = x * scale;
    out[at + 1] = y * scale;
    out[at + 2] = z * scale;
  }

  ankleDeg(tMs: number): number {
    const k = this.epochAt(tMs);
    const now = this.epochs[k].ankleDeg[this.device];
    const w = this.blend(k, tMs);
    return w >= 1 ? now : this.epochs[k - 1].ankleDeg[this.device] + (now - this.epochs[k - 1].ankleDeg[this.device]) * w;
  }

  /** Knee flexion at tMs, degrees; 0 (straight) on nights drawn without knee angles. */
  kneeDeg(tMs: number): number {
    const k = this.epochAt(tMs);
    const now = this.epochs[k].kneeDeg?.[this.device] ?? 0;
    const w = this.blend(k, tMs);
    if (w >= 1) return now;
    const before = this.epochs[k - 1].kneeDeg?.[this.device] ?? 0;
    return before + (now - before) * w;
  }

  /** The epoch in force at tMs (for truth and causes). */
  epochIndexAt(tMs: number): number {
    return this.epochAt(tMs);
  }
}
