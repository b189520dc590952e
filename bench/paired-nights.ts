// One rendering of each harder night replayed through two builds of the detector, this tree's and
// another checkout's (--base, e.g. /work/main), line by line in one process: the night is
// simulated once, not twice, and both builds see the very same frames. Prints each night whose
// outcome differs, then both builds' figures. A dev tool for a rule's before and after.
//   node --import tsx bench/paired-nights.ts --base /work/main --kind dry-electrodes --from 711070 --nights 10
import { parseArgs } from 'node:util';
import { nightMessages, nightTruth, randomNightSpec } from '../firmware-sim/src/index.ts';
import type { DeviceCoreFactory } from '../src/core/device-core.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import { ReplaySession } from '../src/ingest/replay.ts';
import { aggregateScores, scoreNight, type NightScore, type Truth } from '../src/score/score.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, kind: { type: 'string' }, from: { type: 'string' }, nights: { type: 'string', default: '1' } } });
const base = (await import(`${values.base}/src/detect/index.ts`)) as { createDeviceCore: DeviceCoreFactory };
const builds = [
  { name: 'base', createCore: base.createDeviceCore },
  { name: 'this', createCore: createDeviceCore },
];
const scores: NightScore[][] = builds.map(() => []);

const first = Number(values.from);
for (let seed = first; seed < first + Number(values.nights); seed++) {
  const spec = randomNightSpec(seed, { preset: values.kind });
  const truth = nightTruth(spec) as unknown as Truth;
  const sessions = builds.map((b) => new ReplaySession({ createCore: b.createCore }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const line of nightMessages(spec)) for (const session of sessions) (session as any).replayOne(line);
  const t = (ms: number) => ((ms - spec.startMs) / 1000).toFixed(1);
  const lines: string[] = [];
  sessions.forEach((session, k) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (session as any).ingestor.finish();
    const result = session.result();
    const recordedMs = result.nightStats.reduce((sum, s) => sum + s.recordedMs, 0);
    const score = scoreNight(result.episodes, truth, recordedMs);
    scores[k].push(score);
    const outcome = [
      ...score.missed.map((m) => `MISSED ${m.device} ${t(m.start)}–${t(m.end)}`),
      ...score.falseDetections.map((f) => `FALSE ${f.device} ${f.muscle} ${t(f.start)}–${t(f.end)}`),
      ...score.matched.map((p) => `ok ${p.device} ${t(p.trueStart)} lat ${p.latencyS.toFixed(2)} dur ${(p.durationErrorRel * 100).toFixed(0)} %`),
    ];
    lines.push(`  ${builds[k].name}: ${score.matched.length}/${score.trueCramps} false ${score.falseDetections.length} :: ${outcome.join('; ')}`);
  });
  const same = lines[0].slice(lines[0].indexOf(':')) === lines[1].slice(lines[1].indexOf(':'));
  console.log(`${values.kind} ${seed}: ${same ? 'same' : 'DIFFERS'}`);
  for (const line of same ? lines.slice(0, 1) : lines) console.log(line);
}
for (let k = 0; k < builds.length; k++) {
  const s = aggregateScores(scores[k]);
  console.log(`${builds[k].name}: ${values.kind} ${first}–${first + Number(values.nights) - 1}: found ${s.matched}/${s.trueCramps}, false ${s.falsePositives}, latency median ${s.latencyMedianS.toFixed(2)} s, duration error median ${(s.durationErrorMedianRel * 100).toFixed(1)} %, onset error median ${s.onsetErrorMedianS.toFixed(2)} s`);
}
