// A cramp that starts while the group already holds activity it has turned down (a loose lead's
// hiss, a weak contraction, a stretch judged voluntary) is a new event, not more of that activity.
// Left in the old candidate it is judged on the old candidate's onset (its antagonist comparison,
// its whiteness, its active share, all made of what came before), and missed. What tells it apart
// is its onset: a cramp's discharge rises in well under a second (Minetto et al. 2013, Exerc Sport
// Sci Rev 41:3) and is then held, so the muscle's envelope leaves the level the turned-down
// candidate held for one at least RISE_RATIO times it within a second or two, and stays there. A
// contact's floor that creeps (Searle & Kirkup 2000, Physiol Meas 21:271) does not double within
// seconds, and one a turn shifts (layers/contact.ts) jumps with the leg's motion, which makes the
// new candidate a moving one; a loose lead's pops last a block or two and make the channel
// unreadable (EmgChannel's loose signs) rather than hold. Such a rise is judged as its own onset
// by every rule a candidate from rest is (CrampDetector.beginAtRise): a lead that lifts further
// adds white power (white-rise.ts), a suspect lead still needs its proof (suspect-contact.ts).
import { isActive } from './activity.ts';
import type { OnsetHistory } from './onset-history.ts';

/** the level held before the rise: the envelope's mean over this long */
const HOLD_MS = 3000;
/** the rise itself, from the held level to the new one: a cramp's sub-second rise plus the envelope's median lag, with room to spare */
const RISE_MS = 1000;
/**
 * the new level, at least RISE_RATIO times the held one, is held this long, unbroken: a pop or a
 * twitch is gone by then
 */
const SUSTAIN_MS = 1000;
/**
 * "Well above": twice the held envelope, three times its power added on top of it. A steady
 * floor's 50-ms envelope wanders by ~10 % (activity.ts) and a held contraction waxes and wanes,
 * but neither doubles within a second and stays doubled for the next.
 */
const RISE_RATIO = 2;
/** a rise roseOverHold finds began no longer ago than this */
export const RISE_ONSET_WITHIN_MS = RISE_MS + SUSTAIN_MS;

/**
 * Channel c's envelope (in `history`) rose suddenly, as of the block at nowMs, to a level held
 * for SUSTAIN_MS that is active (over restUv and floorUv, activity.ts) and at least RISE_RATIO
 * times its mean over the HOLD_MS before the rise; that hold lies wholly after heldFromMs.
 */
export function roseOverHold(history: OnsetHistory, c: number, nowMs: number, heldFromMs: number, restUv: number, floorUv: number): boolean {
  const sustainFromMs = nowMs - SUSTAIN_MS;
  const holdToMs = sustainFromMs - RISE_MS;
  const holdFromMs = holdToMs - HOLD_MS;
  if (holdFromMs < heldFromMs) return false;
  // the last second first: it is the shorter scan, and rarely active all through over a hold
  const leastUv = history.leastLevel(c, sustainFromMs, nowMs + 1);
  if (!isActive(leastUv, restUv, floorUv)) return false;
  return leastUv >= RISE_RATIO * history.meanLevel(c, holdFromMs, holdToMs);
}
