// Walking: alternating calf muscles at a stride rate of ~0.8–1.1 Hz. Gastrocnemius and soleus
// fire in late stance (push-off, ~30–50% of the stride), tibialis anterior in swing and at heel
// strike (Winter 1991, "The biomechanics and motor control of human gait"; Perry 1992). The shank
// swings ±20–35° in the sagittal plane and each heel strike sends a short shock up the tibia.
// Beyond the calf (Winter 1991; Perry 1992): the hamstrings work from late swing into early
// stance (~85–110 % of the stride), the quadriceps at loading response (~0–15 %), the foot's
// intrinsic muscles from midstance to toe-off (~30–60 %; Mann & Inman 1964, J Bone Joint Surg
// 46:469); the knee flexes ~15° at loading and ~60° in swing.
import type { Muscle } from '../../../src/core/types.ts';
import type { GaitLayer } from '../spec.ts';
import { edgeWindow, sampleSpan, type LayerRenderer } from './renderer.ts';

const RAMP_MS = 1200;
/** thigh and foot muscles in level walking work at roughly half the calf's push-off level (Winter 1991) */
const THIGH_SHARE = 0.6;
const FOOT_SHARE = 0.5;
/** knee flexion in a stride, degrees (Perry 1992) */
const KNEE_LOADING_DEG = 15;
const KNEE_SWING_DEG = 60;

/** A Gaussian bump on the stride circle (phase in 0..1). */
function bump(phase: number, center: number, width: number): number {
  let d = phase - center;
  d -= Math.round(d);
  return Math.exp((-0.5 * d * d) / (width * width));
}

export class GaitRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;

  constructor(private readonly layer: GaitLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
  }

  private phaseAt(tMs: number): number {
    const since = (tMs - this.startMs) / 1000;
    const phase = this.layer.phase + this.layer.strideHz * since + 0.03 * Math.sin(0.7 * since);
    return phase - Math.floor(phase);
  }

  addDrive(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    const { gastrocUv, taUv } = this.layer;
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, out.length);
    for (let i = first; i < end; i++) {
      const t = t0Ms + i * dtMs;
      const phase = this.phaseAt(t);
      const ramp = edgeWindow(t, this.startMs, this.endMs, RAMP_MS, RAMP_MS);
      let level = 0;
      if (muscle === 'gastrocnemius') level = gastrocUv * bump(phase, 0.42, 0.09);
      else if (muscle === 'soleus') level = 0.8 * gastrocUv * bump(phase, 0.38, 0.12);
      else if (muscle === 'tibialis_anterior') level = taUv * (bump(phase, 0.75, 0.08) + 0.8 * bump(phase, 0.02, 0.05));
      else if (muscle === 'hamstrings') level = THIGH_SHARE * gastrocUv * (bump(phase, 0.93, 0.06) + 0.6 * bump(phase, 0.05, 0.04));
      else if (muscle === 'quadriceps') level = THIGH_SHARE * gastrocUv * bump(phase, 0.07, 0.06);
      else if (muscle === 'foot_intrinsic') level = FOOT_SHARE * gastrocUv * bump(phase, 0.46, 0.09);
      out[i] += ramp * level;
    }
  }

  addShank(t0Ms: number, dtMs: number, out: Float32Array, count: number): void {
    const { swingDeg, impactMg, strideHz } = this.layer;
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, count);
    const strideMs = 1000 / strideHz;
    for (let i = first; i < end; i++) {
      const t = t0Ms + i * dtMs;
      const phase = this.phaseAt(t);
      const ramp = edgeWindow(t, this.startMs, this.endMs, RAMP_MS, RAMP_MS);
      const swing = ((ramp * swingDeg * Math.PI) / 180) * Math.sin(2 * Math.PI * phase);
      // Rotating the upright shank about y mixes x (along the tibia) and z (back of the calf).
      out[i * 3] += 1000 * (Math.cos(swing) - 1);
      out[i * 3 + 2] += 1000 * Math.sin(swing);
      // Heel strike: a damped ~25 Hz shock along the tibia, decaying in ~20 ms.
      const sinceStrikeMs = phase * strideMs;
      if (sinceStrikeMs < 120) {
        const shock = ramp * impactMg * Math.exp(-sinceStrikeMs / 20) * Math.cos((2 * Math.PI * 25 * sinceStrikeMs) / 1000);
        out[i * 3] += shock;
        out[i * 3 + 2] -= 0.4 * shock;
      }
    }
  }

  kneeDeltaDeg(tMs: number): number {
    const phase = this.phaseAt(tMs);
    const ramp = edgeWindow(tMs, this.startMs, this.endMs, RAMP_MS, RAMP_MS);
    return ramp * (KNEE_LOADING_DEG * bump(phase, 0.12, 0.06) + KNEE_SWING_DEG * bump(phase, 0.72, 0.1));
  }

  addSignal(_muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    // Each heel strike shakes the cables: a small slow bump in every channel.
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, out.length);
    const strideMs = 1000 / this.layer.strideHz;
    const size = this.layer.impactMg * 0.04;
    for (let i = first; i < end; i++) {
      const sinceStrikeMs = this.phaseAt(t0Ms + i * dtMs) * strideMs;
      if (sinceStrikeMs < 150) out[i] += size * Math.sin((Math.PI * sinceStrikeMs) / 150);
    }
  }
}
