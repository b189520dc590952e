// Watches for mains interference (an electric blanket, a badly earthed lamp) at 50 and 60 Hz.
// Surface EMG spreads its power over 20–450 Hz, so one 1-Hz bin holds well under 1 % of it;
// a mains line holding a quarter of all the power is unmistakable (Clancy et al. 2002, J
// Electromyogr Kinesiol 12:1, on power-line interference in sEMG). The verdict picks which
// comb of notches to switch on; the notches then stay on for the night, so the envelope's scale
// does not change each time a thermostat cycles.
import { Goertzel } from './goertzel.ts';

/** Share of the window's power in one mains line that counts as interference. */
const LINE_SHARE = 0.25;
/** and the line must be at least this strong (µV RMS), so that silence plus a trace is not hum. */
const MIN_LINE_UV = 2;
/** share that decides at once, from a quarter second of data */
const EARLY_SHARE = 0.5;
/** windows in a row needed before deciding */
const WINDOWS_TO_DECIDE = 2;
/**
 * Hum that appears (a blanket's thermostat, a loosening contact unbalancing the input): a line
 * holding half the power and 10 dB above its own recent floor. The notch takes the line
 * but not what comes with it (clipping's distortion, a loose contact's broadband noise), so the
 * channel's resting level must be learnt afresh. The floor follows falls at once, rises 10 dB in
 * ~24 windows (hum that swells slowly is no event) and jumps to the hum when it appears (one
 * event, not one a second).
 */
const HUM_JUMP = 10;
const FLOOR_RISE = 1.1;

export class MainsWatch {
  private readonly at50: Goertzel;
  private readonly at60: Goertzel;
  private sumSquares = 0;
  private count = 0;
  private streak50 = 0;
  private streak60 = 0;
  /** decideEarly has looked at this window's quarter (which no longer changes once full) */
  private earlyLooked = false;
  /** 0 while undecided, else 50 or 60 */
  mainsHz = 0;
  /** mean square of the mains line in the last finished window, µV² */
  lineMeanSquare = 0;
  /** the line's recent floor (mean square, µV²), see HUM_JUMP */
  private lineFloor = NaN;
  /** the last finished window saw hum appear (see HUM_JUMP); cleared by takeHumAppeared or the next window */
  private humAppeared = false;

  private readonly quarter: number;

  constructor(private readonly fsHz: number) {
    this.quarter = Math.round(fsHz / 4);
    this.at50 = new Goertzel(50, fsHz);
    this.at60 = new Goertzel(60, fsHz);
  }

  next(x: number): void {
    this.at50.next(x);
    this.at60.next(x);
    this.sumSquares += x * x;
    this.count++;
  }

  /** process would look at samples now: the window's first quarter second is not yet full */
  takesSamples(): boolean {
    return this.count < this.quarter;
  }

  /**
   * Feeds samples; only the first quarter second of each window is looked at (a 4 Hz bin still
   * tells 50 from 60 Hz, and it costs a quarter of watching everything). `lengthSumSquares`, when
   * known: the sum of the squares of all `length` samples, added in order from the first.
   */
  process(input: Float32Array, length: number, lengthSumSquares = NaN): void {
    const take = Math.min(length, this.quarter - this.count);
    if (take <= 0) return;
    Goertzel.processTwo(this.at50, this.at60, input, take);
    let sum = lengthSumSquares;
    // the caller's sum over all `length` samples (the high-pass has it, summed in the same order)
    // serves when all are taken; the loop is then not run again over the same samples
    if (take < length || sum !== sum) {
      sum = 0;
      for (let i = 0; i < take; i++) sum += input[i] * input[i];
    }
    this.sumSquares += sum;
    this.count += take;
  }

  /** Ends a window (about 1 s): returns true when the mains frequency was decided just now. */
  endWindow(): boolean {
    this.humAppeared = false;
    if (this.count < this.quarter / 2) return false;
    const total = this.sumSquares / this.count;
    const ms50 = this.at50.meanSquare();
    const ms60 = this.at60.meanSquare();
    this.lineMeanSquare = this.mainsHz === 60 ? ms60 : this.mainsHz === 50 ? ms50 : Math.max(ms50, ms60);
    const floor = MIN_LINE_UV * MIN_LINE_UV;
    this.streak50 = ms50 > LINE_SHARE * total && ms50 > floor ? this.streak50 + 1 : 0;
    this.streak60 = ms60 > LINE_SHARE * total && ms60 > floor ? this.streak60 + 1 : 0;
    const line = Math.max(ms50, ms60);
    // half the power, not a quarter: a quarter second of strong EMG can put a third of its power in one 4-Hz bin
    this.humAppeared = line > HUM_JUMP * this.lineFloor && line > EARLY_SHARE * total && line > floor;
    this.lineFloor = this.humAppeared || this.lineFloor !== this.lineFloor ? line : Math.min(line, this.lineFloor * FLOOR_RISE);
    this.at50.reset();
    this.at60.reset();
    this.sumSquares = 0;
    this.count = 0;
    this.earlyLooked = false;
    if (this.mainsHz !== 0) return false;
    if (this.streak50 >= WINDOWS_TO_DECIDE) this.mainsHz = 50;
    else if (this.streak60 >= WINDOWS_TO_DECIDE) this.mainsHz = 60;
    return this.mainsHz !== 0;
  }

  /**
   * A mains line was seen in the last window (a quarter of the power or more) but its frequency
   * is not decided yet: the channel's envelope still holds the hum, unnotched, for a window or
   * so. Once decided, the notches stay on and this stays false.
   */
  get lineUndecided(): boolean {
    return this.mainsHz === 0 && (this.streak50 > 0 || this.streak60 > 0);
  }

  /** True once after a window that saw hum appear (see HUM_JUMP). */
  takeHumAppeared(): boolean {
    const appeared = this.humAppeared;
    this.humAppeared = false;
    return appeared;
  }

  /**
   * Decides early, inside a window, when a quarter second already shows a line holding half the
   * power: hum that switches on is then notched within ~0.3 s instead of after two windows,
   * too soon to pass for a cramp. Returns true when it decided.
   */
  decideEarly(): boolean {
    if (this.mainsHz !== 0 || this.count < this.quarter || this.earlyLooked) return false;
    this.earlyLooked = true;
    const total = this.sumSquares / this.count;
    const ms50 = this.at50.meanSquare();
    const ms60 = this.at60.meanSquare();
    const floor = MIN_LINE_UV * MIN_LINE_UV;
    const line = Math.max(ms50, ms60);
    if (line < EARLY_SHARE * total || line < floor) return false;
    this.mainsHz = ms50 >= ms60 ? 50 : 60;
    return true;
  }

  /** Drops a half-seen window (after a gap). */
  restartWindow(): void {
    this.humAppeared = false;
    this.at50.reset();
    this.at60.reset();
    this.sumSquares = 0;
    this.count = 0;
    this.earlyLooked = false;
  }
}
