// Whether what holds an open cramp above its end level is still the muscle. A dry or textile
// contact's floor can rise while a cramp is open (the leg moved, the electrode reseated, the skin
// dried; Searle & Kirkup 2000, Physiol Meas 21:271), and the detector learns no resting level
// while a cramp is open: the new floor, a few µV over the old quiet ceiling, then held the cramp
// open for minutes (dry dev 711344: a 60 s cramp reported as 22 min; 711369: 88 s as 7 min).
// Noise and EMG differ in shape (white-rise.ts): the power a floor adds over the rest is white,
// the power a muscle adds is not. When nearly every block that rose over the rest for 10 s added
// white power, the muscle has stopped: the cramp ended with the last block that added EMG.
import { BLOCK_MS, blocksIn } from './block-clock.ts';
import { votesWhite } from './white-rise.ts';

/** long enough that a cramp's wax and wane, and its dips (seconds), cannot look like it */
const WINDOW_BLOCKS = blocksIn(10_000);
/** at least this share of the window's blocks rose clearly over the rest and voted */
const MIN_VOTING_SHARE = 0.5;
/** and this share of the votes found white: EMG at 1 kHz or more adds well under 1.4, and a
 *  cramp's blocks almost never reach it (white-rise.ts) */
const WHITE_SHARE = 0.8;

const NO_VOTE = 0;
const WHITE = 1;
const NOT_WHITE = 2;

export class WhiteTail {
  private readonly ring = new Uint8Array(WINDOW_BLOCKS);
  private index = 0;
  private votes = 0;
  private whiteVotes = 0;
  /** the end of the last block whose added power was not white: the muscle's last work */
  lastNotWhiteMs = NaN;

  begin(atMs: number): void {
    this.ring.fill(NO_VOTE);
    this.index = 0;
    this.votes = 0;
    this.whiteVotes = 0;
    this.lastNotWhiteMs = atMs;
  }

  /** One readable block of the cramping channel: its addedDiffRatio (NaN: no vote). True when the tail is white. */
  add(tMs: number, addedDiffRatio: number): boolean {
    const vote = addedDiffRatio !== addedDiffRatio ? NO_VOTE : votesWhite(addedDiffRatio) ? WHITE : NOT_WHITE;
    const leaving = this.ring[this.index];
    if (leaving !== NO_VOTE) this.votes--;
    if (leaving === WHITE) this.whiteVotes--;
    this.ring[this.index] = vote;
    this.index = (this.index + 1) % WINDOW_BLOCKS;
    if (vote !== NO_VOTE) this.votes++;
    if (vote === WHITE) this.whiteVotes++;
    if (vote === NOT_WHITE) this.lastNotWhiteMs = tMs + BLOCK_MS;
    return this.votes >= MIN_VOTING_SHARE * WINDOW_BLOCKS && this.whiteVotes >= WHITE_SHARE * this.votes;
  }
}
