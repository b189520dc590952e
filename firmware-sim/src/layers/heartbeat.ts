// ECG bleeding into leg EMG: the QRS complex (~80–100 ms, most power 10–40 Hz) passes an EMG
// high-pass and shows as regular spikes of a few to tens of µV (Drake & Callaghan 2006,
// "Elimination of electrocardiogram contamination from electromyogram signals", J Electromyogr
// Kinesiol 16:175). Beats come at 50–90 bpm with respiratory sinus arrhythmia.
import { Random } from '../random.ts';

const HISTORY = 8;
/** The beat waveform tabulated every 0.1 ms from 60 ms before to 400 ms after the R peak. */
const TABLE_FROM_MS = -60;
const TABLE_TO_MS = 400;
const TABLE_STEP_MS = 0.1;

export class Heartbeat {
  private readonly beats = new Float64Array(HISTORY);
  private count = 0;
  private nextBeatMs: number;
  private readonly random: Random;

  constructor(
    startMs: number,
    private readonly bpm: number,
    seed: number,
  ) {
    this.random = new Random(seed);
    this.nextBeatMs = startMs + this.random.uniform(0, 60000 / bpm);
  }

  private static table?: Float32Array;

  private static waveform(): Float32Array {
    if (!Heartbeat.table) {
      const length = Math.round((TABLE_TO_MS - TABLE_FROM_MS) / TABLE_STEP_MS) + 1;
      Heartbeat.table = new Float32Array(length);
      for (let k = 0; k < length; k++) Heartbeat.table[k] = Heartbeat.shape(TABLE_FROM_MS + k * TABLE_STEP_MS);
    }
    return Heartbeat.table;
  }

  /** Q, R, S and T waves as Gaussians (times from the R peak in ms); unit R amplitude. */
  static shape(fromRMs: number): number {
    const q = -0.12 * Math.exp(-(((fromRMs + 22) / 7) ** 2));
    const r = Math.exp(-((fromRMs / 9) ** 2));
    const s = -0.3 * Math.exp(-(((fromRMs - 22) / 8) ** 2));
    const t = 0.15 * Math.exp(-(((fromRMs - 220) / 50) ** 2));
    return q + r + s + t;
  }

  /** Make sure every beat up to `untilMs` is scheduled; keeps only the last few. */
  private scheduleUntil(untilMs: number): void {
    while (this.nextBeatMs < untilMs) {
      this.beats[this.count % HISTORY] = this.nextBeatMs;
      this.count++;
      const seconds = this.nextBeatMs / 1000;
      const rrMs = (60000 / this.bpm) * (1 + 0.04 * Math.sin((2 * Math.PI * seconds) / 4.5) + 0.02 * this.random.gaussian() + 0.05 * Math.sin((2 * Math.PI * seconds) / 1800));
      this.nextBeatMs += rrMs;
    }
  }

  /** Add `amplitudeUv`-scaled ECG to a block (called once per channel with the same block). */
  add(t0Ms: number, dtMs: number, amplitudeUv: number, out: Float32Array): void {
    const blockEnd = t0Ms + out.length * dtMs;
    this.scheduleUntil(blockEnd + 100);
    if (amplitudeUv === 0) return;
    const held = Math.min(this.count, HISTORY);
    for (let b = 0; b < held; b++) {
      const beat = this.beats[(this.count - 1 - b + HISTORY * 2) % HISTORY];
      if (beat < t0Ms - 400 || beat > blockEnd + 100) continue;
      const first = Math.max(0, Math.ceil((beat + TABLE_FROM_MS - t0Ms) / dtMs));
      const end = Math.min(out.length, Math.ceil((beat + TABLE_TO_MS - t0Ms) / dtMs));
      const table = Heartbeat.waveform();
      for (let i = first; i < end; i++) out[i] += amplitudeUv * table[Math.round((t0Ms + i * dtMs - beat - TABLE_FROM_MS) / TABLE_STEP_MS)];
    }
  }
}
