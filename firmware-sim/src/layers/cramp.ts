// A cramp: involuntary high-rate discharge of motor units in one muscle (often the gastrocnemius
// or soleus), sudden onset over a fraction of a second to ~2 s, lasting seconds to minutes,
// waxing and waning with brief dips before it fades (Miller & Layzer 2005, "Muscle cramps",
// Muscle Nerve 32:431; Minetto et al. 2013, "Origin and development of muscle cramps", Exerc
// Sport Sci Rev 41:3). The drive envelope is precomputed on a 100 ms grid; dips are exact.
import type { Muscle } from '../../../src/core/types.ts';
import { Random } from '../random.ts';
import type { CrampLayer } from '../spec.ts';
import { sampleSpan, smoothstep, type LayerRenderer } from './renderer.ts';

const GRID_MS = 100;

export class CrampRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  private readonly shape: Float32Array;

  constructor(private readonly layer: CrampLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    const random = new Random(layer.seed);
    const durationMs = layer.endMs - layer.startMs;
    const points = Math.ceil(durationMs / GRID_MS) + 2;
    this.shape = new Float32Array(points);
    const waxPhase = random.uniform(0, 2 * Math.PI);
    // Irregular waxing: a first-order random walk pulled back to 0 (AR(1), ~2 s memory).
    let drift = 0;
    const pull = Math.exp(-GRID_MS / 2000);
    for (let k = 0; k < points; k++) {
      const u = Math.min(1, (k * GRID_MS) / durationMs);
      const trend = u < layer.peakAt ? 0.7 + 0.3 * Math.sqrt(u / layer.peakAt) : 1 - 0.4 * Math.pow((u - layer.peakAt) / (1 - layer.peakAt), 1.5);
      const wax = 1 - layer.waxDepth * 0.5 * (1 + Math.sin((2 * Math.PI * k * GRID_MS) / (layer.waxPeriodS * 1000) + waxPhase));
      drift = drift * pull + random.gaussian() * 0.06;
      this.shape[k] = Math.max(0.05, trend * wax * (1 + drift));
    }
  }

  /** 0..1 envelope at tMs (before multiplying by the muscle's level). */
  envelope(tMs: number): number {
    const { startMs, endMs, onsetMs, offsetMs, dips } = this.layer;
    const since = tMs - startMs;
    const position = since / GRID_MS;
    const k = Math.floor(position);
    const fraction = position - k;
    let value = this.shape[k] * (1 - fraction) + this.shape[k + 1] * fraction;
    // Sudden onset: quick rise that is steepest early (a "burst" start, not a slow recruitment).
    if (since < onsetMs) value *= Math.pow(since / onsetMs, 0.7);
    const left = endMs - tMs;
    if (left < offsetMs) value *= smoothstep(left / offsetMs);
    for (let d = 0; d < dips.length; d++) {
      const dip = dips[d];
      const into = since - dip.atMs;
      if (into > 0 && into < dip.lengthMs) {
        const depth = Math.sin((Math.PI * into) / dip.lengthMs);
        value *= 1 - (1 - dip.floor) * Math.min(1, depth * 1.6);
      }
    }
    return value;
  }

  addDrive(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    const level = this.layer.levels[muscle];
    if (!level) return;
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, out.length);
    for (let i = first; i < end; i++) out[i] += level * this.envelope(t0Ms + i * dtMs);
  }
}
