// A voluntary or periodic activation: periodic limb movements (tibialis anterior, WASM 2016:
// 0.5–10 s), a stretch, a reaction to pain, the muscle work of turning over. Smooth rise and fall,
// with a wobble of the effort (physiological tremor 4–12 Hz and slower effort changes).
import type { Muscle } from '../../../src/core/types.ts';
import { Random } from '../random.ts';
import type { BurstLayer } from '../spec.ts';
import { edgeWindow, sampleSpan, type LayerRenderer } from './renderer.ts';

export class BurstRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  private readonly tremorHz: number;
  private readonly effortHz: number;
  private readonly phase1: number;
  private readonly phase2: number;

  constructor(private readonly layer: BurstLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    const random = new Random(layer.seed);
    this.tremorHz = random.uniform(4, 11);
    this.effortHz = random.uniform(0.3, 1.5);
    this.phase1 = random.uniform(0, 2 * Math.PI);
    this.phase2 = random.uniform(0, 2 * Math.PI);
  }

  addDrive(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    const level = this.layer.levels[muscle];
    if (!level) return;
    const { startMs, endMs, riseMs, fallMs, wobble } = this.layer;
    const [first, end] = sampleSpan(startMs, endMs, t0Ms, dtMs, out.length);
    const w1 = (2 * Math.PI * this.tremorHz) / 1000;
    const w2 = (2 * Math.PI * this.effortHz) / 1000;
    for (let i = first; i < end; i++) {
      const t = t0Ms + i * dtMs;
      const since = t - startMs;
      const shake = 1 + wobble * (0.35 * Math.sin(w1 * since + this.phase1) + 0.5 * Math.sin(w2 * since + this.phase2));
      out[i] += level * edgeWindow(t, startMs, endMs, riseMs, fallMs) * Math.max(0.05, shake);
    }
  }
}
