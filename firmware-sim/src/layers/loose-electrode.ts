// An electrode coming loose: the contact impedance rises and jumps, so the baseline wanders,
// pops (sudden steps that decay), the amplifier saturates, the line goes flat once contact is
// lost, or large low-frequency junk takes over (Clancy et al. 2002, "Sampling, noise-reduction
// and amplitude estimation issues in surface electromyography", J Electromyogr Kinesiol 12:1).
// Throughout, the raised and unbalanced impedance lets in broadband noise and mains hum (the
// amplifier's common-mode rejection depends on balanced electrode impedances).
import type { Muscle } from '../../../src/core/types.ts';
import { Random } from '../random.ts';
import type { LooseLayer } from '../spec.ts';
import { lowerBound, muscleSalt, sampleSpan, type LayerRenderer } from './renderer.ts';

const SATURATED_UV = 1e7;

export class LooseElectrodeRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  private readonly popTimes: Float64Array;
  private readonly popAmplitudes: Float32Array;
  private readonly popTauMs: Float32Array;
  private readonly waveHz: Float64Array;
  private readonly wavePhase: Float64Array;
  private readonly signs: number[];
  private readonly noise: Random;
  private readonly noiseUv: number[];
  private readonly humUv: number[];

  constructor(private readonly layer: LooseLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    const random = new Random(layer.seed);
    const pops: [number, number, number][] = [];
    for (const segment of layer.segments) {
      if (segment.mode !== 'pops' && segment.mode !== 'junk') continue;
      const ratePerS = random.uniform(0.3, 3);
      let t = segment.startMs;
      for (;;) {
        t += (-Math.log(1 - random.next()) * 1000) / ratePerS;
        if (t >= segment.endMs) break;
        pops.push([t, segment.amplitudeUv * random.uniform(0.3, 1) * (random.chance(0.5) ? 1 : -1), random.uniform(40, 400)]);
      }
    }
    this.popTimes = Float64Array.from(pops.map((p) => p[0]));
    this.popAmplitudes = Float32Array.from(pops.map((p) => p[1]));
    this.popTauMs = Float32Array.from(pops.map((p) => p[2]));
    this.waveHz = new Float64Array(6).map((_, k) => (k < 3 ? random.logUniform(0.05, 2) : random.logUniform(0.5, 12)));
    this.wavePhase = new Float64Array(6).map(() => random.uniform(0, 2 * Math.PI));
    this.signs = layer.segments.map(() => (random.chance(0.5) ? 1 : -1));
    this.noiseUv = layer.segments.map(() => random.logUniform(3, 30));
    this.humUv = layer.segments.map(() => random.logUniform(5, 400));
    this.noise = random.fork('contact-noise');
  }

  private wave(tMs: number, salt: number, from: number, to: number): number {
    const seconds = (tMs - this.startMs) / 1000;
    let value = 0;
    for (let k = from; k < to; k++) value += Math.sin(2 * Math.PI * this.waveHz[k] * seconds + this.wavePhase[k] + salt);
    return value / Math.sqrt(to - from);
  }

  addSignal(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    if (!this.layer.channels.includes(muscle)) return;
    const salt = muscleSalt(muscle) % 7;
    const omega = (2 * Math.PI * this.layer.mainsHz) / 1000;
    for (const [s, segment] of this.layer.segments.entries()) {
      const [first, end] = sampleSpan(segment.startMs, segment.endMs, t0Ms, dtMs, out.length);
      if (first >= end) continue;
      const noiseUv = this.noiseUv[s];
      const humUv = this.humUv[s];
      for (let i = first; i < end; i++) out[i] += noiseUv * this.noise.fastGaussian() + humUv * Math.sin(omega * (t0Ms + i * dtMs - this.startMs) + salt);
      if (segment.mode === 'wander') {
        for (let i = first; i < end; i++) out[i] += segment.amplitudeUv * this.wave(t0Ms + i * dtMs, salt, 0, 3);
      } else if (segment.mode === 'junk') {
        for (let i = first; i < end; i++) out[i] += segment.amplitudeUv * this.wave(t0Ms + i * dtMs, salt, 3, 6);
      }
    }
    // Pops: a step that relaxes back as the electrode's half-cell potential settles.
    const blockEnd = t0Ms + out.length * dtMs;
    for (let k = lowerBound(this.popTimes, t0Ms - 2000); k < this.popTimes.length && this.popTimes[k] < blockEnd; k++) {
      const first = Math.max(0, Math.ceil((this.popTimes[k] - t0Ms) / dtMs));
      const tau = this.popTauMs[k];
      for (let i = first; i < out.length; i++) {
        const since = t0Ms + i * dtMs - this.popTimes[k];
        if (since > 6 * tau) break;
        out[i] += this.popAmplitudes[k] * Math.exp(-since / tau);
      }
    }
  }

  overrideSignal(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    if (!this.layer.channels.includes(muscle)) return;
    this.layer.segments.forEach((segment, s) => {
      if (segment.mode !== 'saturate' && segment.mode !== 'flat') return;
      const [first, end] = sampleSpan(segment.startMs, segment.endMs, t0Ms, dtMs, out.length);
      const value = segment.mode === 'saturate' ? this.signs[s] * SATURATED_UV : 0;
      for (let i = first; i < end; i++) out[i] = value;
    });
  }
}
