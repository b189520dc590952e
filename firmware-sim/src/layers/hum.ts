// Mains interference from an electric blanket: the fundamental (50 or 60 Hz) and odd/even
// harmonics from the heater's switching, coupled capacitively into each lead differently, from
// tens to thousands of µV. The blanket's thermostat switches it on and off over minutes.
import type { Muscle } from '../../../src/core/types.ts';
import { Random } from '../random.ts';
import type { HumLayer } from '../spec.ts';
import { edgeWindow, sampleSpan, smoothstep, type LayerRenderer } from './renderer.ts';

export class HumRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  private readonly phases: Float64Array;
  private readonly cyclePhase: number;
  private readonly hzOffset: number;

  constructor(
    private readonly layer: HumLayer,
    private readonly channels: readonly Muscle[],
  ) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    const random = new Random(layer.seed);
    this.phases = new Float64Array(1 + layer.harmonics.length).map(() => random.uniform(0, 2 * Math.PI));
    this.cyclePhase = random.next();
    // grid frequency wanders within ±0.05 Hz (ENTSO-E / NERC operating bands)
    this.hzOffset = random.uniform(-0.05, 0.05);
  }

  /** 0..1: is the blanket drawing current now (smooth 0.5 s switching edges)? */
  private gate(tMs: number): number {
    const { duty, cycleS } = this.layer;
    if (duty >= 1) return 1;
    const position = (tMs - this.startMs) / 1000 / cycleS + this.cyclePhase;
    const within = (position - Math.floor(position)) * cycleS;
    const onS = duty * cycleS;
    if (within < onS) return Math.min(smoothstep(within / 0.5), smoothstep((onS - within) / 0.5));
    return 0;
  }

  addSignal(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    const c = this.channels.indexOf(muscle);
    const gain = this.layer.amplitudeUv * (this.layer.channelGain[c] ?? 1);
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, out.length);
    const omega = 2 * Math.PI * (this.layer.hz + this.hzOffset);
    const harmonics = this.layer.harmonics;
    // the ADC's anti-alias filter removes harmonics near and above Nyquist
    const nyquistHz = 500 / dtMs;
    let kept = 0;
    while (kept < harmonics.length && (kept + 2) * this.layer.hz < 0.9 * nyquistHz) kept++;
    for (let i = first; i < end; i++) {
      const t = t0Ms + i * dtMs;
      const level = gain * this.gate(t) * edgeWindow(t, this.startMs, this.endMs, 1000, 1000);
      if (level === 0) continue;
      const seconds = (t - this.startMs) / 1000;
      let value = Math.sin(omega * seconds + this.phases[0]);
      for (let h = 0; h < kept; h++) value += harmonics[h] * Math.sin((h + 2) * omega * seconds + this.phases[h + 1]);
      out[i] += level * value;
    }
  }
}
