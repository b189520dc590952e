// The detector's tuning loop: N seeded random nights from firmware-sim, rendered in memory,
// replayed through the real ingest path and scored (PROTOCOL §8).
//   node --import tsx bench/eval.ts [--from 1] [--nights 10] [--hours 2] [--holdout] [--verbose] [--whole-leg] [--cramps N] [--emg-fs HZ]
// --whole-leg: sensors with thigh and foot leads and a thigh accelerometer, with their own cramps
// and look-alikes; the scores are then also printed per muscle group.
// Tuning seeds start at 1; the held-out set (--holdout) starts at 900001 and is only looked at
// to report, never to tune.
import { parseArgs } from 'node:util';
import { nightMessages, nightTruth, randomNightSpec } from '../firmware-sim/src/index.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import type { TruthEpisode as SimTruth } from '../firmware-sim/src/spec.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { aggregateScores, formatScores, scoreNight, type NightScore, type Truth } from '../src/score/score.ts';
import { formatGroupTable, nightScoresByGroup, type GroupName } from './muscle-groups.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '1' },
    nights: { type: 'string', default: '10' },
    hours: { type: 'string', default: '2' },
    holdout: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    preset: { type: 'string' },
    'whole-leg': { type: 'boolean', default: false },
    cramps: { type: 'string' },
    // every sensor's EMG rate pinned (PROTOCOL §10.5 allows 200 Hz and up; the simulator draws 500–2000)
    'emg-fs': { type: 'string' },
  },
});
const first = (values.holdout ? 900_000 : 0) + Number(values.from);
const count = Number(values.nights);
const hours = Number(values.hours);
const scores: NightScore[] = [];
const byGroup = new Map<GroupName, NightScore[]>();
let cpuMs = 0;
for (let seed = first; seed < first + count; seed++) {
  const spec = randomNightSpec(seed, { hours, preset: values.preset, wholeLeg: values['whole-leg'], cramps: values.cramps === undefined ? undefined : Number(values.cramps), emgFsHz: values['emg-fs'] === undefined ? undefined : Number(values['emg-fs']) });
  const truth = nightTruth(spec) as unknown as Truth;
  const cpu0 = process.cpuUsage();
  const result = await replayLines(nightMessages(spec), { createCore: createDeviceCore });
  const cpu = process.cpuUsage(cpu0);
  cpuMs += (cpu.user + cpu.system) / 1000;
  const recordedMs = result.nightStats.reduce((sum, s) => sum + s.recordedMs, 0);
  const night = scoreNight(result.episodes, truth, recordedMs);
  scores.push(night);
  const channelsOf = (device: string) => spec.devices.find((d) => d.id === device)?.channels ?? [];
  for (const [group, score] of nightScoresByGroup(result.episodes, truth, result.nightStats, channelsOf)) byGroup.set(group, [...(byGroup.get(group) ?? []), score]);
  const devices = spec.devices.map((d) => `${d.emgFsHz}Hz ${d.channels.map((c) => c.slice(0, 3)).join('+')}${d.foot ? '+foot' : ''}${d.thigh ? '+thigh' : ''}`).join(', ');
  console.log(`seed ${seed}: ${devices}; cramps ${night.trueCramps} matched ${night.matched.length} false ${night.falseDetections.length}`);
  const t = (ms: number) => ((ms - spec.startMs) / 1000).toFixed(1);
  for (const m of night.missed) console.log(`   MISSED ${m.device} ${m.muscle} ${t(m.start)}–${t(m.end)} s (${((m.end - m.start) / 1000).toFixed(1)} s)`);
  for (const f of night.falseDetections) {
    const around = (truth.episodes as SimTruth[]).filter((e) => e.device === f.device && e.end >= f.start - 30_000 && e.start <= f.end + 30_000).map((e) => `${e.kind}${e.note ? `(${e.note})` : ''} ${t(e.start)}–${t(e.end)}`);
    console.log(`   FALSE ${f.device} ${f.muscle} ${t(f.start)}–${t(f.end)} s; near: ${around.join('; ') || 'nothing'}`);
  }
  if (values.verbose) {
    for (const p of night.matched) console.log(`   ok ${t(p.trueStart)}–${t(p.trueEnd)} onset ${p.onsetErrorS.toFixed(2)} s, dur err ${(p.durationErrorRel * 100).toFixed(0)} %, latency ${p.latencyS.toFixed(1)} s`);
  }
}
console.log(`\n${formatScores(aggregateScores(scores))}`);
if (values['whole-leg']) console.log(`\nper muscle group:\n${formatGroupTable(byGroup)}`);
console.log(`simulate + replay CPU: ${(cpuMs / 1000).toFixed(1)} s for ${(count * hours).toFixed(1)} h of nights`);
