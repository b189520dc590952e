// The detector's clock: every decision is taken once per 50-ms block (20 Hz), short enough to
// place a cramp's onset within a fraction of a second, long enough for a steady RMS of EMG at
// 500–4000 Hz (25–200 samples a block).

export const BLOCK_MS = 50;
/** the envelope is the median of the last five block RMS values (EmgChannel) */
export const ENVELOPE_BLOCKS = 5;
/** a median of five lags the blocks it is made of by two of them */
export const ENVELOPE_LAG_MS = 2 * BLOCK_MS;

/** EMG samples in one block at this rate (at least one). */
export function samplesPerBlock(fsHz: number): number {
  return Math.max(1, Math.round((fsHz * BLOCK_MS) / 1000));
}

/** The time one block of samplesPerBlock(fsHz) samples really spans, ms (50 ms unless fs / 20 is not whole). */
export function blockSpanMs(fsHz: number): number {
  return (samplesPerBlock(fsHz) * 1000) / fsHz;
}

/** How many whole blocks a duration spans. */
export function blocksIn(ms: number): number {
  return ms / BLOCK_MS;
}
