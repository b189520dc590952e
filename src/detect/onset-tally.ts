// What a candidate's muscles did over its onset (its first CrampRules.confirmStillMs): each
// channel's own EMG, the antagonists' and the partners'. A cramp outworks its antagonist at onset;
// later the woken sleeper pulls against it, on purpose, with it (CrampDetector.isCramp). Muscle
// work is compared, so each side's own EMG above its electrode's floor (activity.ts): a noisier
// electrode is not a harder-working muscle.
import { muscleEmgUv } from './activity.ts';
import type { CrampInput } from './cramp-input.ts';

/**
 * The antagonists are compared only when they were readable for at least this share of the onset.
 * The comparison is evidence against a cramp: a voluntary co-contraction works both sides of the
 * joint all through the onset, so a lead read for most of it shows one. A lead unreadable for most
 * of the onset (coming loose, through a turn) shows its muscle only in the few blocks its contact
 * let through, picked by the contact and not by the muscle, and often carrying the contact's own
 * motion: its mean is no evidence of a co-contraction.
 */
const ANTAGONIST_READ_SHARE = 0.5;

export class OnsetTally {
  private readonly muscleSum: Float64Array;
  private blocks = 0;
  private antagonistSum = 0;
  private antagonistBlocks = 0;
  private partnerSum = 0;
  private partnerBlocks = 0;

  constructor(channels: number) {
    this.muscleSum = new Float64Array(channels);
  }

  reset(): void {
    this.muscleSum.fill(0);
    this.blocks = 0;
    this.antagonistSum = 0;
    this.antagonistBlocks = 0;
    this.partnerSum = 0;
    this.partnerBlocks = 0;
  }

  copyFrom(other: OnsetTally): void {
    this.muscleSum.set(other.muscleSum);
    this.blocks = other.blocks;
    this.antagonistSum = other.antagonistSum;
    this.antagonistBlocks = other.antagonistBlocks;
    this.partnerSum = other.partnerSum;
    this.partnerBlocks = other.partnerBlocks;
  }

  /** one block of the onset */
  add(input: CrampInput): void {
    this.blocks++;
    for (let c = 0; c < this.muscleSum.length; c++) if (input.ok[c]) this.muscleSum[c] += muscleEmgUv(input.levelUv[c], input.floorUv[c]);
    if (input.antagonistLevelUv === input.antagonistLevelUv) {
      this.antagonistSum += input.antagonistLevelUv;
      this.antagonistBlocks++;
    }
    if (input.partnerLevelUv === input.partnerLevelUv) {
      this.partnerSum += input.partnerLevelUv;
      this.partnerBlocks++;
    }
  }

  /** channel c's own EMG, mean over the onset, µV; `otherwise` when no block was tallied */
  muscleUv(c: number, otherwise: number): number {
    return this.blocks > 0 ? this.muscleSum[c] / this.blocks : otherwise;
  }

  /** the antagonists' own EMG, mean over the onset, µV (0 when none was readable) */
  get antagonistUv(): number {
    return this.antagonistBlocks > 0 ? this.antagonistSum / this.antagonistBlocks : 0;
  }

  /**
   * the antagonists were readable for under ANTAGONIST_READ_SHARE of the onset (or none is worn):
   * the onset says nothing of their work
   */
  get antagonistUnseen(): boolean {
    return this.antagonistBlocks < ANTAGONIST_READ_SHARE * this.blocks;
  }

  /** the partners' own EMG, mean over the onset, µV (0 when none was readable) */
  get partnerUv(): number {
    return this.partnerBlocks > 0 ? this.partnerSum / this.partnerBlocks : 0;
  }
}
