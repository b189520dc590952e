// Streaming linear interpolation from one rate to another, for the one case the import needs it:
// EMG channels of one leg recorded at different rates, brought to the fastest of them (a frame
// has one fs). Linear interpolation upward adds no content above the slower channel's Nyquist
// beyond its own small images (sinc² roll-off), and needs no anti-alias filter.

export class LinearResampler {
  private readonly step: number;
  /** position of the next output sample, in input samples since the last reset */
  private position = 0;
  /** input samples seen since the last reset */
  private seen = 0;
  private previous = 0;

  constructor(fromHz: number, toHz: number) {
    this.step = fromHz / toHz;
  }

  /** Feeds `input` and appends the outputs it completes to `out` (returns how many). */
  process(input: Float32Array, out: number[]): number {
    let written = 0;
    const base = this.seen; // index of input[0]
    let previous = this.previous;
    for (let i = 0; i < input.length; i++) {
      const index = base + i;
      const x = input[i];
      // outputs between index − 1 and index
      while (this.position <= index) {
        const frac = this.position - (index - 1);
        out.push(index === 0 ? x : previous + (x - previous) * frac);
        this.position += this.step;
        written++;
      }
      previous = x;
    }
    this.previous = previous;
    this.seen += input.length;
    return written;
  }

  /** Missing data follows: start afresh. */
  reset(): void {
    this.position = 0;
    this.seen = 0;
    this.previous = 0;
  }
}
