// Motion that answers a contraction instead of making it: the woken sleeper's jolt.
// A voluntary movement (a turn, a stretch, a leg movement in sleep) moves the leg as its muscles
// contract: force follows EMG by the electromechanical delay, 30–100 ms (Cavanagh & Komi 1979,
// Eur J Appl Physiol 42:159), and the leg is moving within a few hundred ms; the detector allows
// 500 ms for that and for its envelope's lag (CrampDetector's MOTION_LEADS_MS). A muscle held
// active for a whole second in a leg that has not moved is not a movement's onset: it is held
// without moving the leg, what a cramp does in a still, sleeping leg. The motion that comes later
// is the sleeper's reaction to the pain (woken a second or two after the cramp set in: a jolt, then
// grabbing, rubbing, pulling the toes up), so the candidate keeps a still onset's confirmation
// time: a 4–8 s cramp is over before the leg has been still again for long
// (CrampDetector.stillAfterJolt) and before a moving onset's 12 s.

/** the muscle held active in a still leg at least this long before the leg's first motion (twice MOTION_LEADS_MS) */
export const JOLT_AFTER_RISE_MS = 1000;

/**
 * The leg's first motion during a candidate, `sinceMs` after its first active block, answers the
 * contraction: it came late enough, and the hardest-working muscle was active at least `share` of
 * the `knownBlocks` readable blocks before it (`activeBlocks` of them).
 */
export function joltAnswersRise(sinceMs: number, activeBlocks: number, knownBlocks: number, share: number): boolean {
  return sinceMs >= JOLT_AFTER_RISE_MS && knownBlocks > 0 && activeBlocks >= share * knownBlocks;
}
