// Contraction EMG as the sum of motor-unit action potential trains: impulses at the total firing
// rate of the recruited units, shaped by a band-pass that stands for the MUAP waveform and the
// tissue/electrode filter. At low drive few units fire and the signal is spiky (super-Gaussian,
// kurtosis well above 3, as in weak real contractions); at high drive many overlap and it tends to
// Gaussian (De Luca 1979, "Physiology and mathematics of myoelectric signals"; the shaping
// filter follows the sEMG spectrum of Shwedyk et al. 1977 / Stulen & De Luca 1981: most power
// 20–250 Hz, median 60–120 Hz at the skin).
import { Biquad, FilterChain } from './biquad.ts';
import type { Random } from './random.ts';

export interface MotorUnitSpectrum {
  /** low corner of the MUAP spectrum, Hz (fat and skin make it lower, fast fibres higher) */
  lowHz: number;
  /** high corner, Hz: sets most of the median frequency */
  highHz: number;
}

/** Total impulse rate at a drive of `level` µV RMS: recruitment saturates toward a few thousand per second. */
const MAX_RATE_PER_S = 3000;
const HALF_RATE_LEVEL_UV = 250;

export class MotorUnitTrain {
  private readonly chain: FilterChain;
  private readonly gain: number;
  private readonly maxProbability: number;

  constructor(
    private readonly fsHz: number,
    spectrum: MotorUnitSpectrum,
    private readonly random: Random,
  ) {
    this.chain = new FilterChain([
      new Biquad('highpass', spectrum.lowHz, fsHz, 0.6),
      new Biquad('lowpass', spectrum.highHz, fsHz, 0.9),
      new Biquad('lowpass', spectrum.highHz * 1.6, fsHz, 0.6),
    ]);
    // Impulses of amplitude (0.5 + U)·sign have mean square 13/12.
    this.gain = 1 / Math.sqrt(this.chain.impulseEnergy());
    this.maxProbability = 0.5;
  }

  /** The next sample for a drive of `levelUv` µV RMS (0 = silent). */
  next(levelUv: number): number {
    let input = 0;
    if (levelUv > 0.01) {
      const rate = (MAX_RATE_PER_S * levelUv) / (levelUv + HALF_RATE_LEVEL_UV) + 8;
      const probability = rate / this.fsHz;
      if (probability < this.maxProbability) {
        if (this.random.next() < probability) {
          const u = this.random.next();
          const amplitude = u < 0.5 ? -0.5 - 2 * u : -0.5 + 2 * u; // ±(0.5..1.5)
          input = (amplitude * levelUv * this.gain) / Math.sqrt(probability * (13 / 12));
        }
      } else {
        input = this.random.fastGaussian() * levelUv * this.gain;
      }
    }
    return this.chain.next(input);
  }
}
