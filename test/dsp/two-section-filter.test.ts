import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmgConditioner } from '../../src/dsp/emg-conditioner.ts';
import { FilterChain } from '../../src/dsp/filter-chain.ts';
import { TwoSectionFilter } from '../../src/dsp/two-section-filter.ts';

/** the EMG high-pass, whose form processPair's loop is written for, and a low-pass, which it hands to process */
const designs = {
  highpass: () => FilterChain.butterworthHighpass(4, 20, 1000),
  lowpass: () => FilterChain.butterworthLowpass(4, 150, 1000),
};

function filterOf(chain: FilterChain): TwoSectionFilter {
  const [first, second] = chain.sections;
  return new TwoSectionFilter(first, second, 256);
}

/**
 * The reference: each section over a Float32Array in turn, then the sum of squares and of the
 * squared first differences (from `previous`, the last output of the chunk before).
 */
function sectionBySection(chain: FilterChain, input: Float32Array, offset: number, count: number, previous: number): { out: Float32Array; sumSquares: number; diffSumSquares: number } {
  const out = input.slice(offset, offset + count);
  chain.processInPlace(out, count);
  let sumSquares = 0;
  let diffSumSquares = 0;
  for (let i = 0; i < count; i++) {
    sumSquares += out[i] * out[i];
    const step = out[i] - (i === 0 ? previous : out[i - 1]);
    diffSumSquares += step * step;
  }
  return { out, sumSquares, diffSumSquares };
}

const blocks = fc.array(fc.float32Array({ minLength: 1, maxLength: 120, noDefaultInfinity: true, noNaN: true, min: -5000, max: 5000 }), { minLength: 1, maxLength: 6 });

describe('TwoSectionFilter', () => {
  it.each(Object.entries(designs))('gives bit for bit what the sections give one after the other, alone and as a pair (%s)', (_, design) => {
    fc.assert(
      fc.property(blocks, fc.nat(5), (chunks, offset) => {
        const reference = [design(), design()];
        const alone = filterOf(design());
        const a = filterOf(design());
        const b = filterOf(design());
        // the same pair asked for the sums only: `out` stays as it was
        const sumsA = filterOf(design());
        const sumsB = filterOf(design());
        let previous = 0;
        let previousB = 0;
        for (const chunk of chunks) {
          const input = new Float32Array(offset + chunk.length);
          input.set(chunk, offset);
          const reversed = input.slice().reverse();
          const expected = sectionBySection(reference[0], input, offset, chunk.length, previous);
          const expectedB = sectionBySection(reference[1], reversed, offset, chunk.length, previousB);
          previous = expected.out[chunk.length - 1];
          previousB = expectedB.out[chunk.length - 1];
          alone.process(input, offset, chunk.length);
          TwoSectionFilter.processPair(a, b, input, reversed, offset, chunk.length);
          TwoSectionFilter.processPair(sumsA, sumsB, input, reversed, offset, chunk.length, false);
          expect([sumsA.sumSquares, sumsA.diffSumSquares, sumsB.sumSquares, sumsB.diffSumSquares]).toEqual([a.sumSquares, a.diffSumSquares, b.sumSquares, b.diffSumSquares]);
          if (design === designs.highpass) expect([sumsA.out.some((x) => x !== 0), sumsB.out.some((x) => x !== 0)]).toEqual([false, false]);
          expect(alone.out.subarray(0, chunk.length)).toEqual(expected.out);
          expect(alone.sumSquares).toBe(expected.sumSquares);
          expect(a.out.subarray(0, chunk.length)).toEqual(expected.out);
          expect(a.sumSquares).toBe(expected.sumSquares);
          expect(b.out.subarray(0, chunk.length)).toEqual(expectedB.out);
          expect(b.sumSquares).toBe(expectedB.sumSquares);
          expect([alone.diffSumSquares, a.diffSumSquares, b.diffSumSquares]).toEqual([expected.diffSumSquares, expected.diffSumSquares, expectedB.diffSumSquares]);
        }
      }),
    );
  });
});

describe('EmgConditioner.processChannels', () => {
  it('gives each channel the figures that process gives it alone (odd channel counts too)', () => {
    const fsHz = 1000;
    const channels = 3;
    const together = Array.from({ length: channels }, () => new EmgConditioner(fsHz, 50));
    const alone = Array.from({ length: channels }, () => new EmgConditioner(fsHz, 50));
    let t = 0;
    let clippedBlocks = 0;
    for (let block = 0; block < 200; block++) {
      // EMG-like noise, a DC offset and, from block 60 on, 50 Hz hum on channel 1 (notches switch
      // on); in blocks 100–119 channel 0 sticks at a rail now and then (clipping)
      const inputs = Array.from({ length: channels }, (_, c) => {
        const x = new Float32Array(50);
        for (let i = 0; i < 50; i++) {
          const n = t + i;
          x[i] = 300 * c + 20 * Math.sin(n * 1.7 + c) * Math.sin(n * 0.37) + (c === 1 && block >= 60 ? 150 * Math.sin((2 * Math.PI * 50 * n) / fsHz) : 0);
          if (c === 0 && block >= 100 && block < 120 && i % 7 < 4) x[i] = block % 2 === 0 ? 800 : -800;
        }
        return x;
      });
      t += 50;
      // a gap: every channel restarts, as the detector does it
      if (block === 150) for (const conditioner of [...together, ...alone]) conditioner.restart();
      // chunks that end inside a low-band group (groups of 10 samples at 1000 Hz)
      EmgConditioner.processChannels(together, inputs, 0, 27);
      EmgConditioner.processChannels(together, inputs, 27, 23);
      for (let c = 0; c < channels; c++) {
        alone[c].process(inputs[c], 0, 27);
        alone[c].process(inputs[c], 27, 23);
      }
      for (let c = 0; c < channels; c++) {
        if (block % 20 === 19) {
          together[c].endMainsWindow();
          alone[c].endMainsWindow();
        }
        together[c].endBlock();
        alone[c].endBlock();
        expect([together[c].meanSquareUv2, together[c].diffMeanSquareUv2, together[c].lowMeanSquareUv2, together[c].clippedShare]).toEqual([alone[c].meanSquareUv2, alone[c].diffMeanSquareUv2, alone[c].lowMeanSquareUv2, alone[c].clippedShare]);
        if (together[c].clippedShare > 0) clippedBlocks++;
      }
    }
    expect(together.map((c) => c.notching)).toEqual([false, true, false]);
    expect(clippedBlocks).toBeGreaterThan(0);
  });

  it('gives white noise a first difference of twice its power, and a 77 Hz tone at 1 kHz under a quarter (4·sin²(π·77/1000))', () => {
    const fsHz = 1000;
    const white = new EmgConditioner(fsHz, 50);
    const tone = new EmgConditioner(fsHz, 50);
    let seed = 1;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
    let power = [0, 0];
    let diffPower = [0, 0];
    for (let block = 0; block < 400; block++) {
      const x = new Float32Array(50);
      const y = new Float32Array(50);
      for (let i = 0; i < 50; i++) {
        x[i] = 20 * uniform();
        y[i] = 20 * Math.sin((2 * Math.PI * 77 * (block * 50 + i)) / fsHz);
      }
      white.process(x, 0, 50);
      tone.process(y, 0, 50);
      white.endBlock();
      tone.endBlock();
      if (block < 40) continue;
      power = [power[0] + white.meanSquareUv2, power[1] + tone.meanSquareUv2];
      diffPower = [diffPower[0] + white.diffMeanSquareUv2, diffPower[1] + tone.diffMeanSquareUv2];
    }
    expect(diffPower[0] / power[0]).toBeGreaterThan(1.9);
    expect(diffPower[0] / power[0]).toBeLessThan(2.3);
    expect(diffPower[1] / power[1]).toBeCloseTo(4 * Math.sin(Math.PI * 0.077) ** 2, 2);
  });
});
