// Body movement seen by the sensor: a jolt of the accelerometer (0.5–8 Hz, hundreds of mg) and
// motion artifacts in the EMG: low-frequency bumps when the electrode–skin interface is pulled
// (De Luca et al. 2010, "Filtering the surface EMG signal: movement artifact and baseline noise
// contamination", J Biomech 43:1573: artifact power lies mostly below 20 Hz).
import type { Muscle } from '../../../src/core/types.ts';
import { Random } from '../random.ts';
import type { MotionLayer } from '../spec.ts';
import { edgeWindow, lowerBound, muscleSalt, sampleSpan, type LayerRenderer } from './renderer.ts';

const WAVES = 5;

export class MotionRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  private readonly accOmega = new Float64Array(WAVES * 3);
  private readonly accPhase = new Float64Array(WAVES * 3);
  private readonly accGain = new Float64Array(WAVES * 3);
  private readonly bumpTimes: Float64Array;
  private readonly bumpAmplitudes: Float32Array;
  private readonly bumpWidthsMs: Float32Array;
  private readonly edgeMs: number;

  constructor(private readonly layer: MotionLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    const random = new Random(layer.seed);
    for (let k = 0; k < WAVES * 3; k++) {
      this.accOmega[k] = (2 * Math.PI * random.logUniform(0.5, 8)) / 1000;
      this.accPhase[k] = random.uniform(0, 2 * Math.PI);
      this.accGain[k] = random.uniform(0.2, 1) / Math.sqrt(WAVES);
    }
    const times: number[] = [];
    const spanMs = layer.endMs - layer.startMs;
    const count = Math.max(1, Math.round((layer.bumpsPerS * spanMs) / 1000 * random.uniform(0.6, 1.4)));
    for (let k = 0; k < count; k++) times.push(layer.startMs + random.next() * spanMs);
    times.sort((a, b) => a - b);
    this.bumpTimes = Float64Array.from(times);
    this.bumpAmplitudes = new Float32Array(count);
    this.bumpWidthsMs = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      this.bumpAmplitudes[k] = layer.artifactUv * random.uniform(0.3, 1) * (random.chance(0.5) ? 1 : -1);
      this.bumpWidthsMs[k] = random.logUniform(15, 120);
    }
    this.edgeMs = Math.min(400, spanMs / 3);
  }

  addShank(t0Ms: number, dtMs: number, out: Float32Array, count: number): void {
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, count);
    for (let i = first; i < end; i++) {
      const t = t0Ms + i * dtMs;
      const since = t - this.startMs;
      const window = this.layer.accMg * edgeWindow(t, this.startMs, this.endMs, this.edgeMs, this.edgeMs);
      for (let axis = 0; axis < 3; axis++) {
        let value = 0;
        for (let w = 0; w < WAVES; w++) {
          const k = axis * WAVES + w;
          value += this.accGain[k] * Math.sin(this.accOmega[k] * since + this.accPhase[k]);
        }
        out[i * 3 + axis] += window * value;
      }
    }
  }

  addSignal(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    // Each channel's electrodes pull differently: a per-channel gain and polarity.
    const salt = muscleSalt(muscle);
    const channelGain = 0.4 + ((salt * 7919) % 1000) / 1000;
    const polarity = salt % 2 === 0 ? 1 : -1;
    const blockEnd = t0Ms + out.length * dtMs;
    for (let k = lowerBound(this.bumpTimes, t0Ms - 600); k < this.bumpTimes.length && this.bumpTimes[k] < blockEnd + 600; k++) {
      const center = this.bumpTimes[k];
      const width = this.bumpWidthsMs[k];
      const amplitude = this.bumpAmplitudes[k] * channelGain * polarity;
      const first = Math.max(0, Math.ceil((center - 4 * width - t0Ms) / dtMs));
      const end = Math.min(out.length, Math.ceil((center + 4 * width - t0Ms) / dtMs));
      for (let i = first; i < end; i++) {
        const z = (t0Ms + i * dtMs - center) / width;
        out[i] += amplitude * Math.exp(-0.5 * z * z);
      }
    }
  }
}
