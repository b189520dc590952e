// One muscle group's cramp state machine, one decision block (50 ms) at a time: idle, a
// candidate being judged, or an open cramp. Pure: it sees numbers, keeps one `state`, and says
// when a cramp is confirmed and when it ended. What the group's cramp looks like, and what only
// looks like one, is in its rules (muscle-groups/); what is common to all groups is here:
// - a cramp is one muscle held strongly and involuntarily, so a candidate is judged on the
//   muscle that worked hardest, and must be active most of the time it is watched;
// - a rhythm (walking, restless legs) is not a cramp (RhythmWatch);
// - a burst that starts with the leg moving is first taken for a voluntary movement: it must
//   last far longer, unless the leg goes still and the muscle stays on (the woken sleeper's jolt);
//   and any candidate the leg moved in is confirmed only while its muscle still works (a stretch's
//   contraction ends with its motion, a cramp's outlasts it); a leg that only stirs, too gently
//   for the moving test (a slow stretch), moves all the same (stir-watch.ts);
// - activity that rose with mains hum is what the notch left of it;
// - hum not yet notched (it switched on before the mains frequency was known) is in the envelope
//   itself: nothing is confirmed while it is, and what was held before the notches came on is
//   judged afresh, on the notched signal;
// - a rise whose added power is white is a loosening contact's noise, not the muscle
//   (white-rise.ts);
// - a weak cramp that pulses over a contact's floor falls quiet between its pulses: a trough
//   the pulse window holds over the floor does not end it (pulse-power.ts);
// - a sudden, held rise well above what a turned-down candidate held is a new onset, judged on
//   its own (rise-over-hold.ts).
import { isActive, isQuiet, muscleEmgUv } from './activity.ts';
import { BLOCK_MS, ENVELOPE_LAG_MS } from './block-clock.ts';
import { CandidateTally } from './candidate-tally.ts';
import { CrampEnd } from './cramp-end.ts';
import { CrampInput } from './cramp-input.ts';
import { FloorsAtRise } from './floor-ran-ahead.ts';
import { FootPull } from './foot-pull.ts';
import { joltAnswersRise } from './jolt-after-rise.ts';
import type { CandidateEvidence, CrampRules } from './muscle-groups/rules.ts';
import { OnsetHistory } from './onset-history.ts';
import { OnsetTally } from './onset-tally.ts';
import { PulsePower } from './pulse-power.ts';
import { RhythmWatch } from './rhythm-watch.ts';
import { RISE_ONSET_WITHIN_MS, roseOverHold } from './rise-over-hold.ts';
import { contactProven } from './suspect-contact.ts';
import { WEAK_AFTER_CRAMP_MS, WEAK_CONFIRM_MS, WEAK_LONG_HOLD_MS, WEAK_RISE_MS, WeakCrampTally } from './weak-cramp.ts';
import { WhiteRiseTally } from './white-rise.ts';
import type { Muscle } from '../core/types.ts';

export { BLOCK_MS } from './block-clock.ts';
export { CrampInput } from './cramp-input.ts';

/** an onset is back-dated to where the envelope left rest, but by no more than this */
const MAX_BACKDATE_MS = 3000;
/**
 * A channel whose rise was found white (white-rise.ts) has a lead coming loose, and one that has
 * started to lift comes and goes for long after (Clancy et al. 2002; SUSPECT_BLOCKS, emg-channel.ts),
 * popping as well as hissing: its pops (steps through the high-pass, hundreds of µV) are not white
 * and no size makes them a muscle. For this long a cramp on it needs a witness (a co-contracting
 * neighbour or the leg moving with it), or a strong rise whose own added power was tested and is
 * not white (suspect-contact.ts); a weak cramp on it is not credible at all.
 */
const WHITE_LOOSE_MS = 5 * 60_000;
/** motion from 1 s before the first active block until confirmation makes the onset "moving" */
const MOTION_BEFORE_MS = 1000;
/** motion within this of the first active block means the movement led the activity */
const MOTION_LEADS_MS = 500;
/**
 * The leg still this long after a jolt, the muscle still contracting: the woken sleeper's jolt has
 * passed and the cramp goes on (a turn or a stretch ends its muscle work with its motion).
 */
const STILL_AFTER_JOLT_MS = 2500;
/**
 * a candidate dies after 1 s quiet (a cramp's dips last 0.1–0.7 s), unless a channel over a
 * contact's floor was held over it through the last pulse window: a pulsing weak cramp's trough
 * (pulse-power.ts), which the window itself bounds to under its length
 */
const CANDIDATE_QUIET_MS = 1000;
/** a candidate survives a gap up to this long */
const CANDIDATE_GAP_MS = 2000;
/**
 * Activity this many times the confirmation time that never looked like a cramp is looked at
 * afresh. It never fell quiet, so it is the same rise: whether that rise was sudden, and the weak
 * tally since it (weak-cramp.ts, WEAK_LONG_HOLD_MS), carry over the fresh look.
 */
const FRESH_LOOK_FACTOR = 3;

export type CrampState = 'idle' | 'candidate' | 'open';
export type CrampChange = 'none' | 'open' | 'close';

export class CrampDetector {
  state: CrampState = 'idle';

  // results, valid after 'open' / while open / after 'close'
  startMs = 0;
  detectedAtMs = 0;
  endMs = 0;
  /** index, in the group's channels, of the cramping one */
  channel = 0;
  /** the cramp ended with its channel over a contact's floor (EmgChannel.floorUv), where an end is uncertain */
  endedOverFloor = false;

  private lastQuietEndMs = -Infinity;
  /** where the group's last cramp ended (WEAK_AFTER_CRAMP_MS) */
  private lastCrampEndMs = -Infinity;
  /** the candidate, or the activity it continues past a fresh look, rose from quiet to active within WEAK_RISE_MS (weak-cramp.ts) */
  private suddenRise = false;
  private readonly weak: WeakCrampTally;
  /** the power each channel added over its rest through the candidate, and its shape (white-rise.ts) */
  private readonly whiteness: WhiteRiseTally;
  /** ... through the rise, across fresh looks (the long weak hold) */
  private readonly whitenessSinceRise: WhiteRiseTally;
  /** per channel: when a candidate on it was last found white (WHITE_LOOSE_MS) */
  private readonly whiteFoundMs: Float64Array;
  /** the current block's start */
  private nowMs = 0;
  // the rise: the activity since it left quiet, across fresh looks (FRESH_LOOK_FACTOR)
  /** the rise's back-dated onset */
  private riseStartMs = 0;
  /** the rise's first active block */
  private riseFirstActiveMs = 0;
  private riseKnownBlocks = 0;
  /** the weak-cramp tally since the rise (WeakCrampTally.heldLong) */
  private readonly weakSinceRise: WeakCrampTally;
  /** the leg was moving as the rise began (motionLed of its first candidate) */
  private riseMotionLed = false;
  /** per channel: unreadable or working loose at some block since the rise */
  private readonly riseSpoiled: Uint8Array;
  private readonly floorsAtRise: FloorsAtRise;
  /** the rise's own onset, once a fresh look has started another */
  private readonly riseOnset: OnsetTally;
  private lastMovingMs = -Infinity;
  /** the last block the group was not idle (FloorsAtRise.noteRise) */
  private lastBusyMs = -Infinity;
  // candidate
  private firstActiveMs = 0;
  /** what each channel has shown since the candidate began */
  private readonly tally: CandidateTally;
  private candidateQuietMs = 0;
  /**
   * the candidate was judged and not confirmed: a sudden rise over what it has held since is a new
   * onset (rise-over-hold.ts). Not a fresh look's, until it is judged itself: a rise as the look
   * begins is that look's own onset.
   */
  private turnedDown = false;
  private movingOnset = false;
  /** the leg was moving when the activity began: a voluntary movement came first */
  private motionLed = false;
  /** the leg's first motion came after the muscle was held in a still leg: the sleeper's reaction (jolt-after-rise.ts) */
  private joltAfterRise = false;
  private uprightOnset = false;
  /**
   * The activity began while an antagonist was cramping: most likely the sleeper working this
   * muscle to stretch the cramping one out (bending the knee against a quadriceps cramp, the usual
   * advice, eases it by reciprocal inhibition). That is voluntary and lasts seconds; a cramp it
   * sets off (a muscle contracted hard while short cramps readily) is found when it holds as long
   * as a voluntary-looking onset must.
   */
  private relievingOnset = false;
  /** the muscles' own EMG over the onset phase only, for the antagonist comparison */
  private readonly onset: OnsetTally;
  private readonly rhythm: RhythmWatch;
  /** each channel's envelope over a pulse of a pulsing weak cramp */
  private readonly pulse: PulsePower;
  /** per channel, the current block: held over its floor through the pulse window */
  private readonly pulseHeld: Uint8Array;
  private readonly onsets: OnsetHistory;
  private readonly end = new CrampEnd();
  /** the foot pulled down and held (foot-pull.ts), for groups whose cramp points the toes */
  private readonly foot = new FootPull();
  /** the open cramp was opened, and is ended, by the foot's pull */
  private footOpened = false;

  constructor(
    readonly rules: CrampRules,
    readonly muscles: readonly Muscle[],
  ) {
    const n = muscles.length;
    this.tally = new CandidateTally(n);
    this.onset = new OnsetTally(n);
    this.riseOnset = new OnsetTally(n);
    this.rhythm = new RhythmWatch(n, rules.stillRhythmWindows);
    this.pulse = new PulsePower(n);
    this.pulseHeld = new Uint8Array(n);
    this.onsets = new OnsetHistory(n);
    this.weak = new WeakCrampTally(n);
    this.weakSinceRise = new WeakCrampTally(n);
    this.whiteness = new WhiteRiseTally(n);
    this.whitenessSinceRise = new WhiteRiseTally(n);
    this.whiteFoundMs = new Float64Array(n).fill(-Infinity);
    this.riseSpoiled = new Uint8Array(n);
    this.floorsAtRise = new FloorsAtRise(n);
  }

  get channels(): number {
    return this.muscles.length;
  }

  /**
   * A candidate's time to be judged: its first active block plus the confirmation time. Activity
   * that has not looked like a cramp by then is, in all likelihood, some other movement (a
   * stretch, settling after the cramp); it may still be confirmed later, but nothing should wait
   * on it (EpisodeReporter.closeHeld). NaN when there is no candidate.
   */
  get judgedByMs(): number {
    if (this.state !== 'candidate') return NaN;
    // a weak return (mayBeWeakReturn) is judged on until the look ends: the ended cramp's close waits for it
    const lookMs = this.mayResumeOverFloor() ? FRESH_LOOK_FACTOR : 1;
    return this.firstActiveMs + lookMs * this.confirmationMs();
  }

  /** channel c's resting level trails its floor: it learns on through the candidate (floor-ran-ahead.ts) */
  restTrails(c: number): boolean {
    return this.state === 'candidate' && this.floorsAtRise.ranAhead(c);
  }

  /** the cramp's peak envelope so far, µV */
  get peakUv(): number {
    return this.end.peakUv;
  }

  step(input: CrampInput): CrampChange {
    const tEnd = input.tMs + BLOCK_MS;
    this.nowMs = input.tMs;
    this.onsets.record(input.tMs, input.levelUv, input.ok);
    if (this.state !== 'idle') this.lastBusyMs = input.tMs;
    if (input.legMoves) this.lastMovingMs = tEnd;
    const footHeld = this.rules.pullsFootDown === true && this.foot.step(input.tMs, input.ankleDeg, input.legMoves, input.upright);
    if (footHeld && this.state !== 'open') return this.openByFoot(input);
    let known = false;
    let anyActive = false;
    let anyAboveQuiet = false;
    let anyPulseHeld = false;
    for (let c = 0; c < this.channels; c++) {
      const aboveQuiet = this.contracting(input, c);
      this.pulse.add(c, input.ok[c] ? input.levelUv[c] : NaN, aboveQuiet);
      this.pulseHeld[c] = input.ok[c] && this.pulse.heldOverFloor(c, input.floorUv[c]) ? 1 : 0;
      if (this.pulseHeld[c]) anyPulseHeld = true;
      if (!input.ok[c]) continue;
      known = true;
      if (isActive(input.levelUv[c], input.restUv[c], input.floorUv[c])) anyActive = true;
      if (aboveQuiet) anyAboveQuiet = true;
    }
    this.pulse.endBlock();
    if (this.state === 'open') return this.stepOpen(input);
    // activity that rose with mains hum is what the notch left of the hum (or of the loosening
    // contact that let it in): the channel learns its new floor, and the candidate is dropped
    if (input.humAppeared && this.state === 'candidate') this.state = 'idle';
    if (input.notchStarted && this.state === 'candidate') this.judgeAfresh(input);
    if (this.state === 'candidate') this.noteContact(input);
    if (!known) return 'none';
    if (this.state === 'idle') {
      if (!anyAboveQuiet) this.lastQuietEndMs = tEnd;
      if (!anyActive) return 'none';
      // the window before a rise from quiet was the floor's, whatever burst or pop it held earlier
      this.pulse.restart(input.floorUv);
      this.beginCandidate(input);
    } else if (this.turnedDown && !input.humUnnotched) {
      const risen = this.channelRisenOverHold(input);
      if (risen >= 0) this.beginAtRise(input, risen);
    }
    return this.stepCandidate(input, anyAboveQuiet || anyPulseHeld);
  }

  /** a readable channel whose envelope rose suddenly over what the turned-down candidate held (rise-over-hold.ts); -1 for none */
  private channelRisenOverHold(input: CrampInput): number {
    for (let c = 0; c < this.channels; c++) {
      if (input.ok[c] && roseOverHold(this.onsets, c, input.tMs, this.firstActiveMs, input.restUv[c], input.floorUv[c])) return c;
    }
    return -1;
  }

  /**
   * The turned-down activity ends here and channel c's rise over it begins a candidate of its own:
   * a new rise, judged from here on its own onset (antagonist, whiteness, contact, share), back-dated
   * to where the envelope left the old level (OnsetHistory.refinedOnset: where it last sat under
   * half its new level). It did not rise from quiet, so it is not the weak
   * rule's sudden rise from a floor (weak-cramp.ts); and motion since just before it (a stretch
   * that set the cramp off, a turn) makes it a moving onset, as motion before a rise from rest does.
   */
  private beginAtRise(input: CrampInput, c: number): void {
    const onsetMs = Math.max(this.onsets.refinedOnset(c, this.startMs, input.tMs), input.tMs - RISE_ONSET_WITHIN_MS);
    this.beginCandidate(input);
    this.startMs = onsetMs;
    this.riseStartMs = onsetMs;
    this.suddenRise = false;
    if (this.lastMovingMs > onsetMs - MOTION_BEFORE_MS) {
      this.movingOnset = true;
      this.motionLed = true;
      this.riseMotionLed = true;
    }
  }

  /**
   * A voluntary movement's muscle work ends with its motion; a cramp outlasts the movement that
   * came with it. A weak candidate that saw the leg move is confirmed only while its muscle is
   * still clear of quiet (any other candidate always is: contracting): a pulse window held over
   * the floor (pulse-power.ts) is not asked here, since a strong stretch's last second fills it
   * (a pulsing cramp is confirmed at its next crest).
   */
  private workingPastMotion(input: CrampInput, best: number): boolean {
    return !this.movingOnset || this.contracting(input, best);
  }

  /**
   * A cramp is confirmed while it goes on. A contraction let go before its confirmation time can
   * still pass the held share, its last second kept alive by the pulse window (a knee bent for
   * 4 s while settling, judged at 5 s with the leg never seen to move); a cramp's own dip or a
   * pulsing cramp's trough only puts its confirmation off to its next crest. Not asked of a weak
   * cramp in a still leg, whose level may sit between its contact's floor and quiet.
   */
  private contracting(input: CrampInput, best: number): boolean {
    return input.ok[best] === 1 && !isQuiet(input.levelUv[best], input.restUv[best], input.floorUv[best]);
  }

  private noteContact(input: CrampInput): void {
    this.tally.noteContact(input);
    for (let c = 0; c < this.channels; c++) if (input.looseLately[c] || !input.ok[c]) this.riseSpoiled[c] = 1;
  }

  /** `continuing`: a fresh look at activity that never fell quiet (FRESH_LOOK_FACTOR) */
  private beginCandidate(input: CrampInput, continuing = false): void {
    // a fresh look at the rise's first candidate keeps what the rise's onset showed (isCramp)
    if (continuing && this.firstActiveMs === this.riseFirstActiveMs) this.riseOnset.copyFrom(this.onset);
    this.state = 'candidate';
    this.firstActiveMs = input.tMs;
    // back-date to where the envelope left rest (corrected for the median's lag)
    this.startMs = Math.min(input.tMs, this.lastQuietEndMs - ENVELOPE_LAG_MS);
    if (input.tMs - this.startMs > MAX_BACKDATE_MS) this.startMs = input.tMs - ENVELOPE_LAG_MS;
    this.tally.begin(input);
    this.candidateQuietMs = 0;
    this.turnedDown = false;
    this.weak.reset();
    this.whiteness.reset();
    this.movingOnset = input.tMs - this.lastMovingMs < MOTION_BEFORE_MS;
    this.motionLed = this.movingOnset;
    this.joltAfterRise = false;
    if (!continuing) this.beginRise(input);
    this.uprightOnset = input.upright;
    this.relievingOnset = input.antagonistCramping;
    this.onset.reset();
    this.rhythm.reset();
  }

  private beginRise(input: CrampInput): void {
    this.suddenRise = input.tMs - this.lastQuietEndMs <= WEAK_RISE_MS;
    this.riseStartMs = this.startMs;
    this.riseFirstActiveMs = input.tMs;
    this.riseKnownBlocks = 0;
    this.weakSinceRise.reset();
    this.whitenessSinceRise.reset();
    this.riseMotionLed = this.motionLed;
    for (let c = 0; c < this.channels; c++) this.riseSpoiled[c] = input.looseLately[c] || !input.ok[c] ? 1 : 0;
    this.floorsAtRise.noteRise(this.onsets, this.lastQuietEndMs, this.lastBusyMs, input.floorUv);
  }

  private stepCandidate(input: CrampInput, anyAboveQuiet: boolean): CrampChange {
    const sinceMs = input.tMs - this.firstActiveMs;
    this.noteBody(input, sinceMs);
    this.tallyChannels(input);
    this.tallyOnset(input, sinceMs);
    this.candidateQuietMs = anyAboveQuiet ? 0 : this.candidateQuietMs + BLOCK_MS;
    if (this.candidateQuietMs >= CANDIDATE_QUIET_MS) {
      this.state = 'idle';
      this.lastQuietEndMs = input.tMs + BLOCK_MS;
      return 'none';
    }
    // the envelope holds unnotched hum: wait for the notches (see judgeAfresh)
    if (input.humUnnotched) return 'none';
    const heldMs = sinceMs + BLOCK_MS;
    const needMs = this.confirmationMs();
    if (heldMs < needMs && !this.stillAfterJolt(input, heldMs)) return this.judgeWeakBeforeJolt(input, heldMs, needMs);
    const best = this.tally.hardestWorking();
    // isCramp first: it notes a white rise (whiteFoundMs) whether or not the muscle still works
    if (this.isCramp(best, heldMs, needMs, false) && this.contracting(input, best)) return this.open(input, best);
    if (this.weakJudged(best, heldMs) && this.mayBeWeakCramp(best) && this.isCramp(best, heldMs, needMs, true) && this.workingPastMotion(input, best)) {
      // a weak cramp rose when the rise did, however many fresh looks ago
      this.startMs = this.riseStartMs;
      return this.open(input, best);
    }
    this.turnedDown = true;
    // long activity that never looked like a cramp (standing, walking): look afresh from here
    if (heldMs > FRESH_LOOK_FACTOR * needMs) this.beginCandidate(input, true);
    return 'none';
  }

  /**
   * The weak rule judges a candidate once it was held WEAK_CONFIRM_MS, or, risen in a still leg
   * (this candidate is the rise's first look) with its own EMG averaging "active", at the still
   * hold (WeakCrampTally.heldHard)
   */
  private weakJudged(best: number, heldMs: number): boolean {
    if (heldMs >= WEAK_CONFIRM_MS) return true;
    return !this.movingOnset && this.firstActiveMs === this.riseFirstActiveMs && this.weak.heldHard(best, this.tally.knownBlocks);
  }

  /**
   * A weak cramp that the sleeper's jolt followed (woken by the pain, after the rise: the motion
   * did not lead it) is judged by the weak rule when a still one would be (WEAK_CONFIRM_MS, and
   * the group's still confirmation time), not after the moving onset's long hold: a turn or a
   * stretch that shifts a contact's floor moves the leg as its EMG rises (motionLed), and a floor
   * does not jump up suddenly before the leg moves.
   */
  private judgeWeakBeforeJolt(input: CrampInput, heldMs: number, needMs: number): CrampChange {
    if (!this.movingOnset || this.motionLed || heldMs < Math.max(WEAK_CONFIRM_MS, this.rules.confirmStillMs)) return 'none';
    const best = this.tally.hardestWorking();
    if (!this.mayBeWeakCramp(best) || !this.isCramp(best, heldMs, needMs, true) || !this.workingPastMotion(input, best)) return 'none';
    this.startMs = this.riseStartMs;
    return this.open(input, best);
  }

  /**
   * The notches came on during a candidate: its tallies held hum as well as whatever the muscle
   * did, so it is judged again from here on the notched signal (a cramp under the hum goes on
   * and is confirmed a hold later; the hum's own "contraction" falls quiet and dies). Its onset
   * stands: a cramp that rose with the hum rose then.
   */
  private judgeAfresh(input: CrampInput): void {
    const onsetMs = this.startMs;
    const suddenRise = this.suddenRise;
    this.beginCandidate(input);
    this.startMs = onsetMs;
    this.riseStartMs = onsetMs;
    this.suddenRise = suddenRise;
  }

  /** motion in the onset window (CrampRules.onsetMotionMs) makes the onset a moving one */
  private noteBody(input: CrampInput, sinceMs: number): void {
    if (input.legMoves && sinceMs < this.rules.onsetMotionMs) {
      if (!this.movingOnset) this.joltAfterRise = joltAnswersRise(sinceMs, this.tally.activeBlocks[this.tally.hardestWorking()], this.tally.knownBlocks, this.rules.activeShareStill);
      this.movingOnset = true;
      if (sinceMs <= MOTION_LEADS_MS) this.motionLed = true;
      if (sinceMs <= MOTION_LEADS_MS && this.firstActiveMs === this.riseFirstActiveMs) this.riseMotionLed = true;
    }
    if (input.upright) this.uprightOnset = true;
  }

  /**
   * A pulsing cramp's troughs the pulse window bridges count for the weak rule only where the
   * activity did not rise with the leg moving: a turn may shift the contact's floor (layers/contact.ts),
   * and the window is judged against the floor vouched before it.
   */
  private tallyChannels(input: CrampInput): void {
    this.tally.startBlock();
    this.riseKnownBlocks++;
    this.rhythm.startBlock();
    for (let c = 0; c < this.channels; c++) {
      if (!input.ok[c]) continue;
      const level = input.levelUv[c];
      const rest = input.restUv[c];
      const floor = input.floorUv[c];
      this.tally.add(c, level, rest, floor);
      const troughBridged = this.pulseHeld[c] === 1 && !this.riseMotionLed;
      this.weak.add(c, level, rest, floor, troughBridged);
      this.weakSinceRise.add(c, level, rest, floor, troughBridged);
      this.whiteness.add(c, input.addedDiffRatio[c]);
      this.whitenessSinceRise.add(c, input.addedDiffRatio[c]);
      this.rhythm.channel(c, level, rest, floor);
    }
    this.rhythm.endBlock(input.restUv, input.floorUv);
  }

  /** the antagonist is compared at onset only (onset-tally.ts) */
  private tallyOnset(input: CrampInput, sinceMs: number): void {
    if (sinceMs < this.rules.confirmStillMs) this.onset.add(input);
  }

  /** a voluntary-looking onset (with movement, out of bed, or against a cramping antagonist) must hold far longer; a jolt after the rise is not one */
  private confirmationMs(): number {
    return (this.movingOnset && !this.joltAfterRise) || this.uprightOnset || this.relievingOnset ? this.rules.confirmMovingMs : this.rules.confirmStillMs;
  }

  /**
   * A jolt at onset (woken by the pain) passes; the cramp then goes on in a still leg. A turn or
   * a stretch ends its muscle work with its motion, so "held as long as in a still leg, and still
   * contracting 2.5 s after the leg went still" tells them apart without waiting the moving time.
   * Not for a relieving onset: its motion is the knee being bent on purpose, and the bend is then
   * held in a still leg for as long as the stretch takes.
   */
  private stillAfterJolt(input: CrampInput, heldMs: number): boolean {
    return this.movingOnset && !this.uprightOnset && !this.relievingOnset && heldMs >= this.rules.confirmStillMs && input.tMs + BLOCK_MS - this.lastMovingMs >= STILL_AFTER_JOLT_MS;
  }

  /**
   * A weak cramp over a contact's floor (weak-cramp.ts): sudden from a floor its resting level kept
   * up with (floor-ran-ahead.ts), away from the group's last cramp,
   * on a channel readable all through and not working loose, and held over its floor: through
   * this candidate, or, waxing deeply, through a long hold since a rise in a still leg. Within a
   * minute of the group's cramp it is that cramp's: its return, or else its tail (mayBeWeakReturn).
   */
  private mayBeWeakCramp(best: number): boolean {
    if (this.riseFirstActiveMs - this.lastCrampEndMs < WEAK_AFTER_CRAMP_MS) return this.mayBeWeakReturn(best);
    if (!this.suddenRise || this.floorsAtRise.ranAhead(best) || this.uprightOnset) return false;
    if (this.heldThroughCandidate(best)) return true;
    return (
      !this.riseMotionLed &&
      !this.riseSpoiled[best] &&
      this.riseKnownBlocks * BLOCK_MS >= WEAK_LONG_HOLD_MS &&
      this.weakSinceRise.heldLong(best, this.riseKnownBlocks) &&
      !this.whitenessSinceRise.white(best)
    );
  }

  /**
   * A cramp over a contact's floor may wane under the floor's quiet ceiling for seconds while the
   * muscle still cramps (a long cramp's drive falls by half or more at its troughs, Miller & Layzer
   * 2005): its end, judged there, came early (weak-cramp.ts). Held over the floor again like a weak
   * cramp within the minute the episode waits for it (EpisodeReporter.RESUME_OVER_FLOOR_MS), it is
   * that cramp gripping again, however slowly it waxed back: opened here, it resumes the episode
   * and never opens one. What is not held (the twitches of its tail) stays its tail.
   */
  private mayBeWeakReturn(best: number): boolean {
    return this.mayResumeOverFloor() && !this.uprightOnset && this.heldThroughCandidate(best);
  }

  /**
   * channel `best` was readable all through this candidate, held over its floor (weak-cramp.ts),
   * and either not working loose or shaped like a muscle all through. A lead working loose adds,
   * between its fits, what no muscle adds: broadband noise (white), pops (spikes the envelope sets
   * aside, and never held), low-band junk and flat or clipped stretches (unreadable); a held rise
   * whose added power was tested through and is not white is none of those: it is the muscle under
   * the loosening lead (a weak cramp does not wait for the lead to settle). Only at the rise's
   * first look: a lead's junk that goes on for minutes, unreadable now and then, is looked at
   * afresh every few seconds (FRESH_LOOK_FACTOR), and sooner or later one look falls between its
   * unreadable blocks (dry dev 711439). Found white lately, the lead is refused all the same
   * (isCramp, WHITE_LOOSE_MS).
   */
  private heldThroughCandidate(best: number): boolean {
    const firstLook = this.firstActiveMs === this.riseFirstActiveMs;
    const contactClear = !this.tally.looseSeen[best] || (firstLook && this.whiteness.testedThroughNotWhite(best, this.tally.knownBlocks));
    return contactClear && !this.tally.unknownSeen[best] && this.weak.held(best, this.tally.knownBlocks);
  }

  /**
   * The group's last cramp ended over a contact's floor, and this is the first look at a rise whose
   * onset is within its minute. Only the first look: the episode's close, held back while it is
   * judged (judgedByMs), may go out as a fresh look begins.
   */
  private mayResumeOverFloor(): boolean {
    return this.endedOverFloor && this.firstActiveMs === this.riseFirstActiveMs && this.startMs - this.lastCrampEndMs <= WEAK_AFTER_CRAMP_MS;
  }

  /**
   * `weak`: the active share and the suspect channel's proof are not asked (mayBeWeakCramp stood
   * for them, with its own contact test); every other test holds
   */
  private isCramp(best: number, heldMs: number, needMs: number, weak: boolean): boolean {
    const rules = this.rules;
    const meanUv = this.tally.meanUv(best);
    const share = weak ? 1 : this.tally.activeShare(best);
    // a weak cramp is the rise's, however many fresh looks ago: judged at the rise's onset
    const onset = weak && this.firstActiveMs !== this.riseFirstActiveMs ? this.riseOnset : this.onset;
    const antagonistMeanUv = onset.antagonistUv;
    const onsetUv = onset.muscleUv(best, meanUv);
    const neededShare = needMs === rules.confirmStillMs ? rules.activeShareStill : rules.activeShareMoving;
    const white = this.whiteness.white(best);
    if (white) this.whiteFoundMs[best] = this.nowMs;
    const whiteLately = this.nowMs - this.whiteFoundMs[best] < WHITE_LOOSE_MS;
    const pass =
      !this.rhythm.rhythmic(best, !this.movingOnset && !this.uprightOnset) &&
      !white &&
      (weak ? !whiteLately : contactProven(best, meanUv, this.tally, this.movingOnset, whiteLately, this.whiteness.testedNotWhite(best))) &&
      share >= neededShare &&
      (onset.antagonistUnseen || onsetUv >= rules.overAntagonist * antagonistMeanUv) &&
      (!this.uprightOnset || meanUv >= rules.uprightMinUv);
    if (!pass || !rules.lookAlike) return pass;
    const evidence: CandidateEvidence = {
      channel: best,
      muscle: this.muscles[best],
      heldMs,
      meanUv,
      activeShare: share,
      movingOnset: this.movingOnset,
      motionLed: this.motionLed,
      uprightOnset: this.uprightOnset,
      onsetUv,
      partnerOnsetUv: onset.partnerUv,
    };
    return rules.lookAlike(evidence) === undefined;
  }

  private open(input: CrampInput, best: number): CrampChange {
    this.state = 'open';
    this.footOpened = false;
    this.channel = best;
    // only after a voluntary movement (a stretch sets cramps off); a slow rise from rest keeps its start
    if (this.motionLed) this.startMs = Math.max(this.startMs, this.onsets.refinedOnset(best, this.startMs, input.tMs));
    this.detectedAtMs = input.tMs + BLOCK_MS;
    this.end.begin(this.detectedAtMs, this.tally.meanUv(best), Math.max(0, input.envelopeUv[best]));
    return 'open';
  }

  /**
   * The foot pulled down and held in a still leg (foot-pull.ts): a cramp, whatever the EMG shows
   * (a muscle with no lead, a weak cramp under a dry floor). It began where the foot, or the
   * activity being judged, began, and lasts while the foot is held down.
   */
  private openByFoot(input: CrampInput): CrampChange {
    const candidateMs = this.state === 'candidate' ? this.startMs : Infinity;
    let best = 0;
    for (let c = 1; c < this.channels; c++) if (muscleEmgUv(input.levelUv[c], input.floorUv[c]) > muscleEmgUv(input.levelUv[best], input.floorUv[best])) best = c;
    this.state = 'open';
    this.footOpened = true;
    this.channel = best;
    this.startMs = Math.min(candidateMs, this.foot.onsetMs);
    this.foot.open(input.tMs);
    this.detectedAtMs = input.tMs + BLOCK_MS;
    this.end.begin(this.detectedAtMs, input.levelUv[best], Math.max(0, input.envelopeUv[best]));
    return 'open';
  }

  private stepOpen(input: CrampInput): CrampChange {
    if (this.footOpened) {
      this.end.step(input, this.channel);
      const letGoMs = this.foot.letGoMs(input.tMs, input.ankleDeg, input.upright);
      if (letGoMs !== letGoMs) return 'none';
      this.endedOverFloor = false;
      return this.close(letGoMs);
    }
    const endMs = this.end.step(input, this.channel);
    if (endMs !== endMs) return 'none';
    this.endedOverFloor = input.floorUv[this.channel] > 0;
    return this.close(endMs);
  }

  private close(endMs: number): CrampChange {
    this.state = 'idle';
    if (this.footOpened) this.foot.close();
    this.footOpened = false;
    this.endMs = Math.max(endMs, this.startMs + BLOCK_MS);
    this.lastQuietEndMs = endMs;
    this.lastCrampEndMs = endMs;
    return 'close';
  }

  /** Samples from fromMs to toMs are missing. Returns 'close' when that ends an open cramp. */
  gap(fromMs: number, toMs: number): CrampChange {
    if (this.state === 'candidate') {
      // a lost frame or two inside a short cramp: keep counting across it
      if (toMs - fromMs > CANDIDATE_GAP_MS) this.state = 'idle';
      return 'none';
    }
    if (this.state !== 'open') return 'none';
    this.endedOverFloor = false;
    const endMs = this.end.gap(fromMs, toMs);
    return endMs === endMs ? this.close(endMs) : 'none';
  }

  /** End of the stream. */
  finish(lastMs: number): CrampChange {
    if (this.state !== 'open') {
      this.state = 'idle';
      return 'none';
    }
    this.endedOverFloor = false;
    return this.close(this.end.finalEndMs(lastMs));
  }
}
