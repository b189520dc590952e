// A calf cramp pulls the foot down: the gastrocnemius and soleus both insert on the heel through
// the Achilles tendon, and a cramp holds the ankle in forced plantar flexion, toes pointed, for as
// long as it lasts (Miller & Layzer 2005, Muscle Nerve 32:431; Katzberg 2015, Muscle Nerve 51:1).
// With a foot sensor the ankle angle shows it even where the EMG does not: a soleus cramp under a
// node with no soleus lead (the deep soleus reaches a gastrocnemius lead as a few µV of
// crosstalk), or a weak cramp under a dry contact's floor of 10–25 µV. What the foot shows is the
// sudden, sustained, involuntary part of a cramp:
// - sudden: the foot goes down 10° or more within PULL_RISE_MS (a cramp's discharge rises in well
//   under a second: Minetto et al. 2013, Exerc Sport Sci Rev 41:3; the ankle follows in 1–2 s);
// - sustained: it stays down while the leg is still (a cramp's pull lasts seconds to minutes);
// - involuntary, in a still leg lying down: pointing the toes on purpose (a stretch, restless
//   legs) moves the leg with the foot and lets go within seconds; turning over moves the ankle
//   with the leg. A pull that began with the leg moving, or out of bed (walking, tiptoe), is not
//   judged. Limb movements (PLM) and the sleeper's own pull against a cramp bend the ankle the
//   other way (dorsiflexion, WASM 2016).
// The angle is measured against where the ankle rested before the pull (its resting angle depends
// on posture: 0–40°), learnt only while the foot is neither pulled down nor held up, and found
// afresh after every movement of the leg.
import { BLOCK_MS } from './block-clock.ts';

/** a pull starts once the ankle is this far past its resting angle (the angle's own noise is a fraction of a degree) */
const PULL_START_DEG = 2;
/** a cramp's pull: at least this much plantar flexion past rest (a calf cramp points the toes 10–25° further) */
const PULL_DEG = 10;
/** from PULL_START_DEG to PULL_DEG within this: sudden (a posture's slow settling is not) */
const PULL_RISE_MS = 3000;
/** held PULL_DEG down this long in a still leg: as long as a still calf cramp's EMG must be held (calf.ts, confirmStillMs) */
const PULL_HOLD_MS = 2500;
/** the resting angle follows a still, unpulled ankle with this time constant */
const REST_TAU_MS = 5000;
/**
 * the foot held up this long in a still leg rests there (limb movements last 0.5–10 s, WASM 2016;
 * a stretch with the foot pulled up or the sleeper's pull against a cramp, seconds)
 */
const UP_REST_MS = 30_000;
/**
 * after a movement, the foot must hold still this long before its rest is known: the first
 * seconds after a turn or a limb movement it is still finding its place (a return from a pulled-up
 * foot is a let-go, not a pull)
 */
const SETTLE_MS = 3000;
/** the leg moving this close before the pull began makes it a voluntary movement or a turn */
const MOTION_BEFORE_MS = 1000;
/**
 * A cramp the foot opened is not judged let go while the angle cannot be read (the leg moving,
 * and SETTLE_MS after, while the gravity estimates still hold the motion; lying on a side) for
 * longer than this: it is then closed where the foot was last seen held, as an EMG cramp whose
 * lead is unreadable this long is (cramp-end.ts, UNKNOWN_CLOSE_MS).
 */
const UNJUDGED_CLOSE_MS = 60_000;

export type FootPullState = 'settling' | 'rest' | 'rising' | 'held';

export class FootPull {
  /** 'settling': after a movement (or at the start), finding where the foot rests before judging a pull */
  state: FootPullState = 'settling';
  /** where the pull began (the ankle left its resting angle), ms */
  onsetMs = 0;
  /** the resting angle before the pull, degrees */
  private restDeg = NaN;
  /** while settling: the angle the foot holds, and since when */
  private steadyDeg = NaN;
  private steadySinceMs = NaN;
  /** the furthest the ankle has gone past rest in this pull, degrees */
  private peakPullDeg = 0;
  /** when the pull reached PULL_DEG */
  private downSinceMs = 0;
  private lastMovingMs = -Infinity;
  /** since when the foot has been held up (dorsiflexed) past its rest; NaN when not */
  private upSinceMs = NaN;
  /** this pull was already reported held */
  private reported = false;
  /** a cramp this pull opened is open: the foot's rest is kept until it lets go (letGoMs) */
  private opened = false;
  /** while opened: the last block the foot was seen held down, read in a still leg, ms */
  private lastSeenHeldMs = 0;

  /**
   * One block: the ankle's plantar flexion (NaN when unmeasured), whether the leg moves and is
   * on its feet. True in the one block where the pull has been held like a cramp's (PULL_HOLD_MS).
   */
  step(tMs: number, ankleDeg: number, moving: boolean, upright: boolean): boolean {
    if (moving) this.lastMovingMs = tMs + BLOCK_MS;
    // the foot's rest is kept while a cramp it opened lasts: the let-go is measured against it
    if (this.opened) return false;
    if (ankleDeg !== ankleDeg || upright) {
      this.settle();
      return false;
    }
    // the leg moving as the foot rests or goes down: a turn, a stretch, a voluntary point. Once it
    // is held down, motion is the woken sleeper's reaction to the cramp (jolt-after-rise.ts).
    if (moving && this.state !== 'held') this.settle();
    if (this.state === 'settling') {
      this.settleOn(tMs, ankleDeg, moving);
      return false;
    }
    const pullDeg = ankleDeg - this.restDeg;
    if (pullDeg < PULL_START_DEG) {
      this.state = 'rest';
      this.learnRest(tMs, ankleDeg, pullDeg);
      return false;
    }
    if (this.state === 'rest') {
      if (tMs - this.lastMovingMs < MOTION_BEFORE_MS) {
        this.settle();
        return false;
      }
      this.state = 'rising';
      this.onsetMs = tMs;
      this.peakPullDeg = 0;
      this.reported = false;
    }
    if (pullDeg > this.peakPullDeg) this.peakPullDeg = pullDeg;
    if (this.state === 'rising') {
      if (pullDeg >= PULL_DEG) {
        this.state = 'held';
        this.downSinceMs = tMs;
      } else if (tMs - this.onsetMs > PULL_RISE_MS) {
        // a slow change of the ankle's rest, not a pull
        this.settle();
      }
      return false;
    }
    if (pullDeg < PULL_DEG) this.downSinceMs = tMs;
    if (this.reported || tMs + BLOCK_MS - this.downSinceMs < PULL_HOLD_MS) return false;
    this.reported = true;
    return true;
  }

  /** find the foot's rest afresh */
  private settle(): void {
    this.state = 'settling';
    this.steadySinceMs = NaN;
  }

  /** the foot held within PULL_START_DEG for SETTLE_MS in a still leg: it rests there */
  private settleOn(tMs: number, ankleDeg: number, moving: boolean): void {
    if (moving || this.steadySinceMs !== this.steadySinceMs || Math.abs(ankleDeg - this.steadyDeg) > PULL_START_DEG) {
      this.steadyDeg = ankleDeg;
      this.steadySinceMs = moving ? NaN : tMs;
      return;
    }
    // settled up (dorsiflexed) from where it rested before the movement, the foot may only be held
    // up (a stretch, a limb movement): its return would read as a pull. It rests there once held
    // up longer than those last.
    const needMs = ankleDeg < this.restDeg - PULL_START_DEG ? UP_REST_MS : SETTLE_MS;
    if (tMs - this.steadySinceMs < needMs) return;
    this.restDeg = ankleDeg;
    this.upSinceMs = NaN;
    this.state = 'rest';
  }

  /**
   * The foot near its resting angle teaches it (a slow drift). Pulled up (a limb movement, a
   * stretch, the sleeper pulling against a cramp) it does not: its return is a let-go, not a pull
   * down. Held up in a still leg for longer than any of those, it rests there now.
   */
  private learnRest(tMs: number, ankleDeg: number, pullDeg: number): void {
    if (pullDeg > -PULL_START_DEG) {
      this.upSinceMs = NaN;
      this.restDeg += (BLOCK_MS / REST_TAU_MS) * (ankleDeg - this.restDeg);
    } else if (this.upSinceMs !== this.upSinceMs) this.upSinceMs = tMs;
    else if (tMs - this.upSinceMs >= UP_REST_MS) this.settle();
  }

  /** a cramp was opened by this pull (step returned true): its end is letGoMs's to tell */
  open(tMs: number): void {
    this.opened = true;
    this.lastSeenHeldMs = tMs;
  }

  /**
   * Where a cramp this pull opened ended, or NaN while the foot is held. The foot has let go once
   * back under half the pull's furthest (its ramp's middle), read in a still leg: while the leg
   * moves (the woken sleeper's jolt, rubbing the calf) and for SETTLE_MS after, the gravity
   * estimates of shank and foot hold the motion (accel-tracker.ts, a 1.5-s low-pass) and the
   * angle is not the foot's. On the feet it is read as it comes: standing on the foot flattens
   * it, and walking is no cramp's pull.
   */
  letGoMs(tMs: number, ankleDeg: number, upright: boolean): number {
    const readable = ankleDeg === ankleDeg && (upright || tMs + BLOCK_MS - this.lastMovingMs >= SETTLE_MS);
    if (readable && ankleDeg - this.restDeg >= this.peakPullDeg / 2) {
      this.lastSeenHeldMs = tMs;
      return NaN;
    }
    if (!readable && tMs - this.lastSeenHeldMs < UNJUDGED_CLOSE_MS) return NaN;
    return readable ? tMs : this.lastSeenHeldMs + BLOCK_MS;
  }

  /** the cramp this pull opened has closed: find the foot's rest afresh */
  close(): void {
    this.opened = false;
    this.settle();
  }
}
