// A synthetic PSG leg recording for tests: tibialis anterior EMG at rest (band-limited noise) with
// limb movements (bursts of 0.8–4 s) at known times, and the scorer's annotations of them.
// Seeded, so a test sees the same night every run.

export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

export interface Burst {
  startS: number;
  durationS: number;
  rmsUv: number;
}

/** Rest noise of `restUv` RMS plus bursts with 100-ms raised-cosine edges. */
export function emgWithBursts(fsHz: number, seconds: number, restUv: number, bursts: Burst[], seed: number): Float32Array {
  const next = random(seed);
  const n = Math.round(fsHz * seconds);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = restUv * gaussian(next);
  const rampS = 0.1;
  for (const b of bursts) {
    const from = Math.round(b.startS * fsHz);
    const to = Math.min(n, Math.round((b.startS + b.durationS) * fsHz));
    for (let i = from; i < to; i++) {
      const t = (i - from) / fsHz;
      const left = b.startS + b.durationS - i / fsHz;
      const edge = Math.min(1, t / rampS, left / rampS);
      const shape = 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, edge));
      out[i] += b.rmsUv * shape * gaussian(next);
    }
  }
  return out;
}

/** A periodic series: `count` LMs, onset to onset 15–40 s apart, from `fromS`. */
export function lmSeries(fromS: number, count: number, next: () => number): Burst[] {
  const bursts: Burst[] = [];
  let t = fromS;
  for (let k = 0; k < count; k++) {
    bursts.push({ startS: t, durationS: 0.8 + 3 * next(), rmsUv: 25 + 40 * next() });
    t += 15 + 25 * next();
  }
  return bursts;
}
