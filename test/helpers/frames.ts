// Sample frames for tests that count frames rather than read signals: 100 ms of 1 kHz EMG on
// one or two channels, with an amplitude the caller picks (a scripted core reads it as "cramp").
export const FRAME_MS = 100;
export const NIGHT_START_MS = 1764201600000;

export interface FrameSpec {
  seq: number;
  /** peak |µV| of the frame; quiet sleep is ~10 µV, a cramp hundreds */
  amplitudeUv?: number;
  tMs?: number;
}

export function frameJson({ seq, amplitudeUv = 10, tMs = NIGHT_START_MS + seq * FRAME_MS }: FrameSpec): string {
  const samples = new Array<number>(100);
  for (let i = 0; i < 100; i++) samples[i] = +(amplitudeUv * Math.sin(i * 0.7)).toFixed(2);
  return JSON.stringify({ v: 1, seq, t: tMs, emg: { fs: 1000, ch: ['gastrocnemius'], uv: [samples] } });
}

export const framesTopic = (device: string) => `crampwatch/v1/${device}/frames`;
