// A channel with loose-contact signs lately (EmgChannel.suspect) puts out broadband contact noise
// of tens of µV between its fits. On it a cramp needs more proof: readable all through (no new
// fit of loose signs), and a strong contraction (≥ 50 µV, several times what a loose contact
// adds), a co-contracting neighbour (another channel of the group active half the time: a cramp
// often spreads, a lifting electrode does not), or the leg moving with it (the woken sleeper).

const SUSPECT_MIN_UV = 50;
const SUSPECT_NEIGHBOUR_SHARE = 0.5;

/**
 * The candidate on channel `best` (mean envelope meanUv) has the proof its contact asks: per
 * channel, whether it was suspect and whether unreadable during the candidate, its active blocks
 * out of knownBlocks; movingOnset: the leg moved with it.
 */
export function contactProven(best: number, meanUv: number, suspectSeen: Uint8Array, unknownSeen: Uint8Array, activeBlocks: Float64Array, knownBlocks: number, movingOnset: boolean): boolean {
  if (!suspectSeen[best]) return true;
  if (unknownSeen[best]) return false;
  let neighbour = false;
  for (let c = 0; c < activeBlocks.length; c++) if (c !== best && activeBlocks[c] >= SUSPECT_NEIGHBOUR_SHARE * knownBlocks) neighbour = true;
  return meanUv >= SUSPECT_MIN_UV || neighbour || movingOnset;
}
