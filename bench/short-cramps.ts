// Short cramps (3–60 s) and cramps with deep brief dips: how the detector does on them.
// firmware-sim's own random night (its look-alikes, postures, transport) with cramps of a chosen
// length added by the simulator's own addCramp, then replayed and scored (PROTOCOL §8).
//   node --import tsx bench/short-cramps.ts [--from 1] [--nights 10] [--hours 1] [--per-night 4] [--deep-dips] [--woken] [--trace]
// --deep-dips: every cramp gets a dip every 2–5 s, 150–700 ms long, down to 0–10 % of its level.
// --woken: every cramp wakes the sleeper (a jolt 1.5 s or more into it, then pulling the toes up
// or rubbing), as the both-legs preset's cramps may however short they are.
// --trace: for each miss, the calf envelope against the detector's "active" level around it.
import { parseArgs } from 'node:util';
import { nightMessages, nightTruth, randomNightSpec, type NightSpec } from '../firmware-sim/src/index.ts';
import { NightBuilder } from '../firmware-sim/src/scenario/night-builder.ts';
import { addCramp } from '../firmware-sim/src/scenario/events/cramp.ts';
import { crampMuscle, crampPeakUv } from '../firmware-sim/src/scenario/cramp-draws.ts';
import { hashSeed, Random } from '../firmware-sim/src/random.ts';
import type { CrampLayer } from '../firmware-sim/src/spec.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import { CrampDetector } from '../src/detect/cramp-detector.ts';
import type { CrampInput } from '../src/detect/cramp-input.ts';
import { activeFloorUv } from '../src/detect/activity.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { aggregateScores, formatScores, median, scoreNight, type Truth } from '../src/score/score.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '1' },
    nights: { type: 'string', default: '10' },
    hours: { type: 'string', default: '1' },
    'per-night': { type: 'string', default: '4' },
    'deep-dips': { type: 'boolean', default: false },
    woken: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});
const BUCKETS: [number, number][] = [[3, 5], [5, 8], [8, 15], [15, 60]];
const MIN = 60_000;

function shortCrampNight(seed: number, hours: number, perNight: number, deepDips: boolean, woken: boolean): NightSpec {
  const spec = randomNightSpec(seed, { hours, legs: 1, cramps: 0 });
  const random = new Random(hashSeed(seed, 'short-cramps'));
  const mvcUv = 300 + random.uniform(0, 700);
  const b = new NightBuilder(random.fork('events'), spec.startMs, spec.endMs, spec.devices, mvcUv);
  b.postures = spec.postures;
  b.layers.push(...spec.layers);
  b.truth.push(...spec.truth);
  // keep clear of what the night already holds (truth is on the device clock: near enough)
  for (const e of spec.truth) b.reserve(e.start - 30_000, e.end + 30_000);
  for (let k = 0; k < perNight; k++) {
    const [lo, hi] = BUCKETS[(seed + k) % BUCKETS.length];
    const durationMs = random.uniform(lo, hi) * 1000;
    const onset = b.freeSlot(durationMs + 20_000, spec.startMs + 2 * MIN, spec.endMs - MIN, 60_000, random);
    if (onset === undefined) continue;
    addCramp(b, { device: 0, muscle: crampMuscle(random, spec.devices[0]), startMs: onset, durationMs, peakUv: crampPeakUv(random, mvcUv), reaction: woken ? 'bed' : undefined });
    if (deepDips) {
      const layer = b.layers.filter((l) => l.type === 'cramp').at(-1) as CrampLayer;
      const dips = [];
      for (let at = layer.onsetMs + random.uniform(500, 2000); at < durationMs - layer.offsetMs - 800; at += random.uniform(2000, 5000)) {
        dips.push({ atMs: at, lengthMs: random.uniform(150, 700), floor: random.uniform(0, 0.1) });
      }
      layer.dips = dips;
    }
  }
  b.truth.sort((x, y) => x.start - y.start);
  return { ...spec, layers: b.layers, truth: b.truth };
}

// what the cramp detector saw, block by block (one device a night)
interface Seen { tMs: number; state: string; level: number[]; active: number[]; moving: boolean; upright: boolean; ta: number; why: string }
let seen: Seen[] = [];
const step = CrampDetector.prototype.step;
CrampDetector.prototype.step = function (this: CrampDetector, input: CrampInput) {
  if (values.trace) {
    const level: number[] = [];
    const active: number[] = [];
    for (let c = 0; c < input.channels; c++) {
      level.push(input.ok[c] ? input.levelUv[c] : NaN);
      active.push(activeFloorUv(input.restUv[c], input.floorUv[c]));
    }
    // the candidate's tallies so far (private to the detector: read here for the trace only)
    const d = this as unknown as { knownBlocks: number; activeBlocks: Float64Array; rhythm: { describe(c: number): string }; suspectSeen: Uint8Array; unknownSeen: Uint8Array };
    const why = this.state === 'candidate' ? `share ${(d.activeBlocks[0] / d.knownBlocks).toFixed(2)} ${d.rhythm.describe(0)}${d.suspectSeen[0] ? ' suspect' : ''}${d.unknownSeen[0] ? ' unknown' : ''}${input.suspect[0] ? ' SUSPECT' : ''}` : '';
    seen.push({ tMs: input.tMs, state: this.state, level, active, moving: input.moving, upright: input.upright, ta: input.antagonistLevelUv, why });
  }
  return step.call(this, input);
};

const first = Number(values.from);
const count = Number(values.nights);
const perBucket = BUCKETS.map(() => ({ cramps: 0, found: 0, onset: [] as number[], duration: [] as number[] }));
const nights = [];
for (let seed = first; seed < first + count; seed++) {
  const spec = shortCrampNight(seed, Number(values.hours), Number(values['per-night']), values['deep-dips'], values.woken);
  const truth = nightTruth(spec) as unknown as Truth;
  seen = [];
  const result = await replayLines(nightMessages(spec), { createCore: createDeviceCore });
  const recordedMs = result.nightStats.reduce((sum, s) => sum + s.recordedMs, 0);
  const night = scoreNight(result.episodes, truth, recordedMs);
  nights.push(night);
  const device = spec.devices[0];
  console.log(`seed ${seed}: ${device.emgFsHz}Hz ${device.channels.map((c) => c.slice(0, 3)).join('+')}; cramps ${night.trueCramps} matched ${night.matched.length} false ${night.falseDetections.length}`);
  const bucketOf = (ms: number) => BUCKETS.findIndex(([lo, hi]) => ms >= lo * 1000 && ms < hi * 1000);
  for (const e of truth.episodes.filter((x) => x.kind === 'cramp')) perBucket[bucketOf(e.end - e.start)].cramps++;
  for (const p of night.matched) {
    const bucket = perBucket[bucketOf(p.trueEnd - p.trueStart)];
    bucket.found++;
    bucket.onset.push(Math.abs(p.onsetErrorS));
    bucket.duration.push(p.durationErrorRel);
    console.log(`   ok ${((p.trueEnd - p.trueStart) / 1000).toFixed(1)} s: onset ${p.onsetErrorS.toFixed(2)} s, detected ${((p.end - p.start) / 1000).toFixed(1)} s (err ${(p.durationErrorRel * 100).toFixed(0)} %), latency ${p.latencyS.toFixed(1)} s`);
  }
  for (const f of night.falseDetections) console.log(`   FALSE ${f.start}–${f.end} (${((f.end - f.start) / 1000).toFixed(1)} s)`);
  for (const m of night.missed) {
    // the truth is on the device clock, the layers on the night's: near enough to find it
    const layer = spec.layers.find((l) => l.type === 'cramp' && Math.abs(l.startMs - m.start) < 3000) as CrampLayer | undefined;
    const near = spec.truth.filter((e) => e !== m && e.end >= m.start - 10_000 && e.start <= m.end + 10_000).map((e) => `${e.kind}${e.note ? `(${e.note})` : ''} ${((e.start - m.start) / 1000).toFixed(1)}–${((e.end - m.start) / 1000).toFixed(1)}`);
    console.log(`   MISSED ${m.muscle} ${((m.end - m.start) / 1000).toFixed(1)} s${layer ? ` peak ${Object.entries(layer.levels).map(([k, v]) => `${k.slice(0, 3)} ${v!.toFixed(0)}`).join(' ')} µV, dips ${layer.dips.map((d) => `${(d.atMs / 1000).toFixed(1)}s/${d.lengthMs.toFixed(0)}ms→${(d.floor * 100).toFixed(0)}%`).join(' ') || 'none'}` : ''}; near: ${near.join('; ') || 'nothing'}`);
    if (values.trace) {
      console.log('      t(s)   state      calf level/active µV (per channel)      TA    moving upright');
      for (const s of seen) {
        if (s.tMs < m.start - 2000 || s.tMs > m.end + 2500) continue;
        if (Math.round(s.tMs / 50) % 5 !== 0) continue; // every 250 ms
        const calf = s.level.map((l, c) => `${l.toFixed(0).padStart(5)}/${s.active[c].toFixed(0).padStart(3)}${l >= s.active[c] ? '*' : ' '}`).join(' ');
        console.log(`      ${((s.tMs - m.start) / 1000).toFixed(2).padStart(6)} ${s.state.padEnd(9)} ${calf.padEnd(34)} ${s.ta.toFixed(0).padStart(5)} ${s.moving ? 'M' : '.'} ${s.upright ? 'U' : '.'} ${s.why}`);
      }
    }
  }
}
console.log('\nbucket      cramps found  sensitivity  median |onset| s  median duration err');
BUCKETS.forEach(([lo, hi], i) => {
  const b = perBucket[i];
  console.log(`${`${lo}–${hi} s`.padEnd(11)} ${String(b.cramps).padStart(6)} ${String(b.found).padStart(6)}  ${(b.cramps ? (100 * b.found) / b.cramps : NaN).toFixed(0).padStart(9)} %  ${median(b.onset).toFixed(2).padStart(15)}  ${(median(b.duration) * 100).toFixed(0).padStart(17)} %`);
});
console.log(`\n${formatScores(aggregateScores(nights))}`);
