// The last two minutes of what the body was doing, one slot per second in fixed arrays: posture
// (and since when), stillness, ankle and knee angles. A cramp's onset is back-dated a few seconds, so its
// circumstances are read from here rather than from "now".
import { POSTURES, type Posture } from '../core/types.ts';

const SLOTS = 128;

export class BodyHistory {
  private readonly secondOf = new Float64Array(SLOTS).fill(NaN);
  private readonly posture = new Uint8Array(SLOTS);
  private readonly postureSinceMs = new Float64Array(SLOTS);
  private readonly stillSinceMs = new Float64Array(SLOTS);
  private readonly ankleDeg = new Float64Array(SLOTS);
  private readonly ankleFlexedSinceMs = new Float64Array(SLOTS);
  private readonly kneeDeg = new Float64Array(SLOTS);
  private readonly kneeCurledSinceMs = new Float64Array(SLOTS);

  record(tMs: number, posture: Posture, postureSinceMs: number, stillSinceMs: number, ankleDeg: number, ankleFlexedSinceMs: number, kneeDeg = NaN, kneeCurledSinceMs = NaN): void {
    const second = Math.floor(tMs / 1000);
    const slot = second % SLOTS;
    this.secondOf[slot] = second;
    this.posture[slot] = POSTURES.indexOf(posture);
    this.postureSinceMs[slot] = postureSinceMs;
    this.stillSinceMs[slot] = stillSinceMs;
    this.ankleDeg[slot] = ankleDeg;
    this.ankleFlexedSinceMs[slot] = ankleFlexedSinceMs;
    this.kneeDeg[slot] = kneeDeg;
    this.kneeCurledSinceMs[slot] = kneeCurledSinceMs;
  }

  /** The slot for the latest recorded second at or before tMs (within the window), or −1. */
  private find(tMs: number): number {
    const second = Math.floor(tMs / 1000);
    for (let back = 0; back < SLOTS; back++) {
      const slot = (((second - back) % SLOTS) + SLOTS) % SLOTS;
      if (this.secondOf[slot] === second - back) return slot;
    }
    return -1;
  }

  at(tMs: number): { posture: Posture; postureSinceMs: number; stillSinceMs: number; ankleDeg: number; ankleFlexedSinceMs: number; kneeDeg: number; kneeCurledSinceMs: number } | undefined {
    const slot = this.find(tMs);
    if (slot < 0) return undefined;
    return {
      posture: POSTURES[this.posture[slot]],
      postureSinceMs: this.postureSinceMs[slot],
      stillSinceMs: this.stillSinceMs[slot],
      ankleDeg: this.ankleDeg[slot],
      ankleFlexedSinceMs: this.ankleFlexedSinceMs[slot],
      kneeDeg: this.kneeDeg[slot],
      kneeCurledSinceMs: this.kneeCurledSinceMs[slot],
    };
  }
}
