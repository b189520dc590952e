// Dry or textile electrodes: no gel between metal (or silver-coated yarn) and skin, so the
// contact impedance is high and keeps changing, and with it the noise floor and the signal gain.
// - The floor: electrode–skin interface noise grows with the real part of the contact impedance
//   (Huigen et al. 2002, "Investigation into the origin of the noise of surface electrodes", Med
//   Biol Eng Comput 40:332); dry and textile contacts have impedances one to two orders above
//   gelled Ag/AgCl (Chi, Jung & Cauwenberghs 2010, "Dry-contact and noncontact biopotential
//   electrodes: methodological review", IEEE Rev Biomed Eng 3:106). Over the EMG band that is a
//   floor of 10–25 µV RMS (the harder-nights issue; textile sEMG in clothing shows baselines of
//   this order, Finni et al. 2007, Physiol Meas 28:1405) instead of 1–6 µV.
// - Settling: sweat builds up under a dry contact and its impedance falls over the first minutes
//   (Searle & Kirkup 2000, "A direct comparison of wet, dry and insulating bioelectric recording
//   electrodes", Physiol Meas 21:271): the floor starts higher and decays to its settled level.
// - Wander: contact pressure and moisture change over minutes (sheets, the other leg, skin
//   temperature): a slow random walk of the contact in log units that pulls back to its usual
//   level (Ornstein–Uhlenbeck), with a shift whenever the sleeper turns over and presses the
//   patch differently. Worse contact means more noise and less signal: the electrode and the
//   amplifier's input impedance divide the voltage, and a smaller wet contact area picks up less
//   (Chi et al. 2010), so the gain falls as the floor rises.
import type { Muscle } from '../../../src/core/types.ts';
import { Biquad, FilterChain } from '../biquad.ts';
import { Random } from '../random.ts';
import type { ContactLayer } from '../spec.ts';
import { sampleSpan, type LayerRenderer } from './renderer.ts';

/** the contact's state is tabulated once a second and interpolated (it changes over minutes) */
const KNOT_MS = 1000;
/** the gain never falls below this however bad the contact (it would read as a lifted electrode) */
const MIN_GAIN = 0.4;

export class ContactRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  /** per channel: log contact state at each knot (0 = usual contact) */
  private readonly knots: Float64Array[];
  private readonly noise: { chain: FilterChain; gain: number; random: Random }[] = [];
  private readonly settleLog: number;

  constructor(
    private readonly layer: ContactLayer,
    private readonly channels: readonly Muscle[],
    fsHz: number,
  ) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    this.settleLog = Math.log(layer.settleFactor);
    const random = new Random(layer.seed);
    const count = Math.ceil((layer.endMs - layer.startMs) / KNOT_MS) + 2;
    const keep = Math.exp(-KNOT_MS / layer.wanderTauMs);
    const kick = layer.wanderSd * Math.sqrt(1 - keep * keep);
    const shifts = [...layer.shiftsMs].sort((a, b) => a - b);
    this.knots = channels.map((_, c) => {
      const walk = random.fork(`contact-${c}`);
      const x = new Float64Array(count);
      x[0] = walk.normal(0, layer.wanderSd);
      let s = 0;
      for (let k = 1; k < count; k++) {
        x[k] = keep * x[k - 1] + kick * walk.gaussian();
        const t = layer.startMs + k * KNOT_MS;
        while (s < shifts.length && shifts[s] <= t) {
          x[k] += walk.normal(0, layer.shiftSd);
          s++;
        }
      }
      return x;
    });
    for (let c = 0; c < channels.length; c++) {
      const chain = new FilterChain([new Biquad('highpass', 10, fsHz), new Biquad('lowpass', Math.min(400, fsHz * 0.42), fsHz)]);
      this.noise.push({ chain, gain: 1 / Math.sqrt(chain.impulseEnergy()), random: random.fork(`noise-${c}`) });
    }
  }

  /** log contact state of channel c at tMs, settling included */
  private state(c: number, tMs: number): number {
    const position = Math.max(0, (tMs - this.startMs) / KNOT_MS);
    const k = Math.min(Math.floor(position), this.knots[c].length - 2);
    const f = position - k;
    const x = this.knots[c];
    return x[k] * (1 - f) + x[k + 1] * f + this.settleLog * Math.exp(-(tMs - this.startMs) / this.layer.settleTauMs);
  }

  signalGain(muscle: Muscle, tMs: number): number {
    const c = this.channels.indexOf(muscle);
    if (c < 0 || tMs < this.startMs || tMs >= this.endMs) return 1;
    return Math.max(MIN_GAIN, Math.min(1, Math.exp(-this.layer.gainCoupling * this.state(c, tMs))));
  }

  addSignal(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    const c = this.channels.indexOf(muscle);
    if (c < 0) return;
    const [first, end] = sampleSpan(this.startMs, this.endMs, t0Ms, dtMs, out.length);
    if (end <= first) return;
    const { chain, gain, random } = this.noise[c];
    // the floor changes over minutes: one level per frame is plenty
    const level = this.layer.floorUv[c] * gain * Math.exp(this.state(c, t0Ms + ((first + end) / 2) * dtMs));
    for (let i = first; i < end; i++) out[i] += chain.next(random.fastGaussian() * level);
  }
}
