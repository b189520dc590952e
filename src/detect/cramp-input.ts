// One decision block's view of a muscle group's channels, filled in place by the device detector
// and read by that group's CrampDetector.

export class CrampInput {
  tMs = 0;
  readonly levelUv: Float64Array;
  readonly restUv: Float64Array;
  /** the electrode floor the channel vouches for (EmgChannel.floorUv), µV; 0 for none */
  readonly floorUv: Float64Array;
  readonly envelopeUv: Float64Array;
  readonly ok: Uint8Array;
  /** the channel showed loose-contact signs lately (EmgChannel.suspect) */
  readonly suspect: Uint8Array;
  /** ... and more than one lone knock (EmgChannel.looseLately) */
  readonly looseLately: Uint8Array;
  /** unreadable only because data went missing just before (EmgChannel.refilling): says nothing of its contact */
  readonly refilling: Uint8Array;
  /** the block's first-difference added power over its added power, where it rose clearly (EmgChannel.addedDiffRatio); NaN otherwise */
  readonly addedDiffRatio: Float64Array;
  /** the antagonists' own EMG (envelope above their floor, activity.ts; 0 while quiet), µV; NaN when none is worn or readable */
  antagonistLevelUv = NaN;
  /** the partners' own EMG (CrampRules.partners; envelope above their floor, activity.ts), µV; NaN when none is worn or readable */
  partnerLevelUv = NaN;
  /** the ankle's plantar flexion, degrees (BodyState.ankleDeg); NaN without a foot sensor or when unmeasured */
  ankleDeg = NaN;
  moving = false;
  /** the leg moves too slightly for `moving` (BodyState.stirring) */
  stirring = false;
  upright = false;
  /** a group watching one of the antagonists had a cramp open as this block began (GroupChannels.antagonistGroups) */
  antagonistCramping = false;
  /** mains hum appeared on one of the group's channels in this block (EmgChannel.humAppeared) */
  humAppeared = false;
  /** a mains line is in one of the group's envelopes, not yet notched (EmgChannel.humUnnotched) */
  humUnnotched = false;
  /** the notches came on for one of the group's channels in this block (EmgChannel.notchStarted) */
  notchStarted = false;

  constructor(readonly channels: number) {
    this.levelUv = new Float64Array(channels);
    this.restUv = new Float64Array(channels);
    this.floorUv = new Float64Array(channels);
    this.envelopeUv = new Float64Array(channels);
    this.ok = new Uint8Array(channels);
    this.suspect = new Uint8Array(channels);
    this.looseLately = new Uint8Array(channels);
    this.refilling = new Uint8Array(channels);
    this.addedDiffRatio = new Float64Array(channels);
  }

  /**
   * The leg moves, or only stirs: a movement all the same for a candidate's onset and the foot's
   * pull, since a stretch can be too gentle for the moving test (stir-watch.ts). An open cramp's
   * end (cramp-end.ts) asks `moving` alone.
   */
  get legMoves(): boolean {
    return this.moving || this.stirring;
  }
}
