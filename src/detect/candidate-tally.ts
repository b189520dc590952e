// What a candidate has shown so far, channel by channel: how loud each channel was, how much EMG
// of its own, how often active, and what its contact did. Begun afresh with each candidate (and
// each fresh look), read when the candidate is judged (cramp-detector.ts). A cramp is one muscle
// held strongly, so the candidate is judged on the channel that did the most work.
import { isActive, muscleEmgUv } from './activity.ts';
import type { CrampInput } from './cramp-input.ts';
import type { ContactEvidence } from './suspect-contact.ts';

export class CandidateTally implements ContactEvidence {
  /** blocks of the candidate (those with a readable channel) */
  knownBlocks = 0;
  /** per channel: blocks above its own "active" level */
  readonly activeBlocks: Float64Array;
  /** per channel: it was suspect during the candidate */
  readonly suspectSeen: Uint8Array;
  /** per channel: it was working loose (more than a lone knock) during the candidate */
  readonly looseSeen: Uint8Array;
  /**
   * per channel: it was unreadable at some block of the candidate for its contact or signal (loose
   * signs, clipping, hum), not for a lost frame (CrampInput.refilling), which says nothing of the contact
   */
  readonly unknownSeen: Uint8Array;
  /** per channel: its envelope, summed over the candidate */
  private readonly levelSum: Float64Array;
  /** per channel: its own EMG over its vouched floor, summed over the candidate (hardestWorking) */
  private readonly ownEmgSum: Float64Array;

  constructor(channels: number) {
    this.activeBlocks = new Float64Array(channels);
    this.suspectSeen = new Uint8Array(channels);
    this.looseSeen = new Uint8Array(channels);
    this.unknownSeen = new Uint8Array(channels);
    this.levelSum = new Float64Array(channels);
    this.ownEmgSum = new Float64Array(channels);
  }

  /** a candidate begins at this block: its contacts' signs count from here */
  begin(input: CrampInput): void {
    this.knownBlocks = 0;
    this.activeBlocks.fill(0);
    this.suspectSeen.fill(0);
    this.looseSeen.fill(0);
    this.unknownSeen.fill(0);
    this.levelSum.fill(0);
    this.ownEmgSum.fill(0);
    for (let c = 0; c < this.activeBlocks.length; c++) {
      if (input.suspect[c]) this.suspectSeen[c] = 1;
      if (input.looseLately[c]) this.looseSeen[c] = 1;
    }
  }

  noteContact(input: CrampInput): void {
    for (let c = 0; c < this.activeBlocks.length; c++) {
      if (input.suspect[c]) this.suspectSeen[c] = 1;
      if (input.looseLately[c]) this.looseSeen[c] = 1;
      if (!input.ok[c] && !input.refilling[c]) this.unknownSeen[c] = 1;
    }
  }

  /** one more block of the candidate; its readable channels follow through add() */
  startBlock(): void {
    this.knownBlocks++;
  }

  add(c: number, levelUv: number, restUv: number, floorUv: number): void {
    this.levelSum[c] += levelUv;
    this.ownEmgSum[c] += muscleEmgUv(levelUv, floorUv);
    if (isActive(levelUv, restUv, floorUv)) this.activeBlocks[c]++;
  }

  /** channel c's mean envelope over the candidate, µV */
  meanUv(c: number): number {
    return this.levelSum[c] / this.knownBlocks;
  }

  /** the share of the candidate's blocks channel c was active */
  activeShare(c: number): number {
    return this.activeBlocks[c] / this.knownBlocks;
  }

  /**
   * The channel whose muscle did the most work: its own EMG, over its contact's floor where the
   * channel vouches for one (activity.ts, muscleEmgUv; the envelope itself where not). Two dry
   * contacts' floors differ by 10–25 µV (firmware-sim layers/contact.ts), so the raw envelope
   * would pick a resting muscle on a noisy contact over a cramping one on a quiet contact.
   */
  hardestWorking(): number {
    let best = 0;
    for (let c = 1; c < this.ownEmgSum.length; c++) if (this.ownEmgSum[c] > this.ownEmgSum[best]) best = c;
    return best;
  }
}
