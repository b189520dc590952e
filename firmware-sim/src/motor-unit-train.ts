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

/**
 * Total discharge rate at a drive of `level` µV RMS: recruitment saturates at some tens of units
 * firing 10–40 Hz (cramp discharges reach higher rates in fewer units; Norris et al. 1957).
 * Fewer, larger overlapping MUAPs keep strong contractions slightly super-Gaussian, as measured.
 */
const MAX_RATE_PER_S = 900;
const HALF_RATE_LEVEL_UV = 200;
/** Motor-unit sizes spread over about a decade (Henneman's size principle): log-normal amplitudes. */
const SIZE_SPREAD = 0.6;
const SIZE_MEAN_SQUARE = Math.exp(2 * SIZE_SPREAD * SIZE_SPREAD);

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
    this.gain = 1 / Math.sqrt(this.chain.impulseEnergy());
    this.maxProbability = 0.9;
  }

  /** The next sample for a drive of `levelUv` µV RMS (0 = silent). */
  next(levelUv: number): number {
    let input = 0;
    if (levelUv > 0.01) {
      const rate = (MAX_RATE_PER_S * levelUv) / (levelUv + HALF_RATE_LEVEL_UV) + 8;
      const probability = rate / this.fsHz;
      if (probability < this.maxProbability) {
        if (this.random.next() < probability) {
          const size = Math.exp(SIZE_SPREAD * this.random.fastGaussian());
          const amplitude = this.random.next() < 0.5 ? -size : size;
          input = (amplitude * levelUv * this.gain) / Math.sqrt(probability * SIZE_MEAN_SQUARE);
        }
      } else {
        input = this.random.fastGaussian() * levelUv * this.gain;
      }
    }
    return this.chain.next(input);
  }
}
