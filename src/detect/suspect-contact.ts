// A channel with loose-contact signs lately (EmgChannel.suspect) puts out broadband contact noise
// of tens of µV between its fits. On it a cramp needs more proof: readable all through (no new
// fit of loose signs), and a strong contraction (≥ 50 µV, several times what a loose contact
// adds), a co-contracting neighbour (another channel of the group active half the time: a cramp
// often spreads, a lifting electrode does not), or the leg moving with it (the woken sleeper).
// A lead found adding white power lately (white-rise.ts) pops as well as hisses: a rise whose own
// added power was never tested for whiteness (its blocks too few over the rest, or all pops the
// envelope set aside) needs the neighbour or the moving leg; a strong one whose added power was
// tested and is not white is the muscle's shape, and stands on its size like any suspect lead's
// (a two-lead node has no neighbour to witness a cramp on its calf lead).

const SUSPECT_MIN_UV = 50;
const SUSPECT_NEIGHBOUR_SHARE = 0.5;

/** What the candidate saw of its channels' contacts, per channel where an array. */
export interface ContactEvidence {
  /** suspect at some block of the candidate */
  readonly suspectSeen: Uint8Array;
  /** unreadable for its contact or signal at some block of the candidate (a lost frame does not count) */
  readonly unknownSeen: Uint8Array;
  /** blocks above the channel's own "active" level, out of knownBlocks */
  readonly activeBlocks: Float64Array;
  readonly knownBlocks: number;
}

/**
 * The candidate on channel `best` (mean envelope meanUv) has the proof its contact asks;
 * movingOnset: the leg moved with its onset; whiteLately: the lead was found white lately;
 * testedNotWhite: the candidate's own added power was tested and is not white (WhiteRiseTally.testedNotWhite).
 */
export function contactProven(best: number, meanUv: number, seen: ContactEvidence, movingOnset: boolean, whiteLately: boolean, testedNotWhite: boolean): boolean {
  if (!seen.suspectSeen[best] && !whiteLately) return true;
  if (seen.unknownSeen[best]) return false;
  let neighbour = false;
  for (let c = 0; c < seen.activeBlocks.length; c++) if (c !== best && seen.activeBlocks[c] >= SUSPECT_NEIGHBOUR_SHARE * seen.knownBlocks) neighbour = true;
  return (meanUv >= SUSPECT_MIN_UV && (!whiteLately || testedNotWhite)) || neighbour || movingOnset;
}
