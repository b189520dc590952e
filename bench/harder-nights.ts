// The detection goal on nights closer to real wear (firmware-sim's harder presets): whole nights
// of 6–9 h, dry or textile electrodes with weak cramps, both legs worn and both calves cramping
// within a minute. Each kind is rendered in memory, replayed through the real ingest path and
// scored (PROTOCOL §8); the figures are printed beside the goal.
//   node --import tsx bench/harder-nights.ts [--kind dry-electrodes,both-legs,full-night]
//        [--from 1] [--nights 10] [--sensor-hours H] [--fresh] [--jobs 2] [--verbose]
// Tuning seeds start at 1; --fresh starts at 700001, seeds only looked at to report, never to
// tune. --sensor-hours keeps adding nights of a kind until that many device-hours are recorded
// (the false-cramp rate means little over fewer than ~200). --jobs splits the seeds over child
// processes (each night is independent); it is CPU heavy: run it under `nice`.
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { nightMessages, nightTruth, randomNightSpec } from '../firmware-sim/src/index.ts';
import type { TruthEpisode as SimTruth } from '../firmware-sim/src/spec.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { aggregateScores, BAR, scoreNight, type NightScore, type Scores, type Truth } from '../src/score/score.ts';

const KINDS = ['dry-electrodes', 'both-legs', 'full-night'] as const;
const FRESH_BASE = 700_000;
/** the harder-nights issue asks a median confirmation latency of 3 s, not the first goal's 5 s */
const LATENCY_TARGET_S = 3;

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: KINDS.join(',') },
    from: { type: 'string', default: '1' },
    nights: { type: 'string', default: '10' },
    'sensor-hours': { type: 'string' },
    fresh: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
    // internal: this process is one of --jobs children
    child: { type: 'string' },
  },
});

interface NightResult {
  kind: string;
  seed: number;
  score: NightScore;
  cpuMs: number;
  lines: string[];
}

async function runNight(kind: string, seed: number, verbose: boolean): Promise<NightResult> {
  const spec = randomNightSpec(seed, { preset: kind });
  const truth = nightTruth(spec) as unknown as Truth;
  const cpu0 = process.cpuUsage();
  const result = await replayLines(nightMessages(spec), { createCore: createDeviceCore });
  const cpu = process.cpuUsage(cpu0);
  const recordedMs = result.nightStats.reduce((sum, s) => sum + s.recordedMs, 0);
  const score = scoreNight(result.episodes, truth, recordedMs);
  const hours = (spec.endMs - spec.startMs) / 3_600_000;
  const t = (ms: number) => ((ms - spec.startMs) / 1000).toFixed(1);
  const lines = [`${kind} seed ${seed}: ${hours.toFixed(1)} h, ${spec.devices.length} device(s); cramps ${score.trueCramps} matched ${score.matched.length} false ${score.falseDetections.length}`];
  for (const m of score.missed) lines.push(`   MISSED ${m.device} ${m.muscle} ${t(m.start)}–${t(m.end)} s (${((m.end - m.start) / 1000).toFixed(1)} s)`);
  for (const f of score.falseDetections) {
    const near = (truth.episodes as SimTruth[]).filter((e) => e.device === f.device && e.end >= f.start - 30_000 && e.start <= f.end + 30_000).map((e) => `${e.kind}${e.note ? `(${e.note})` : ''} ${t(e.start)}–${t(e.end)}`);
    lines.push(`   FALSE ${f.device} ${f.muscle} ${t(f.start)}–${t(f.end)} s; near: ${near.join('; ') || 'nothing'}`);
  }
  if (verbose) for (const p of score.matched) lines.push(`   ok ${p.device} ${t(p.trueStart)}–${t(p.trueEnd)} onset ${p.onsetErrorS.toFixed(2)} s, dur err ${(p.durationErrorRel * 100).toFixed(0)} %, latency ${p.latencyS.toFixed(1)} s`);
  return { kind, seed, score, cpuMs: (cpu.user + cpu.system) / 1000, lines };
}

/** Seeds of one kind, in order, until the night count or the sensor-hours are reached. */
async function runKind(kind: string, first: number, nights: number, sensorHours: number | undefined, jobs: number, verbose: boolean): Promise<NightResult[]> {
  const results: NightResult[] = [];
  const recordedH = () => results.reduce((sum, r) => sum + r.score.recordedMs, 0) / 3_600_000;
  // by night count, claimed seeds count (several jobs run at once); by hours, finished ones
  const done = () => (sensorHours === undefined ? next >= first + nights : recordedH() >= sensorHours);
  let next = first;
  const worker = async (child?: ReturnType<typeof fork>): Promise<void> => {
    while (!done()) {
      const seed = next++;
      const result = child ? await askChild(child, kind, seed, verbose) : await runNight(kind, seed, verbose);
      results.push(result);
      for (const line of result.lines) console.log(line);
    }
  };
  if (jobs <= 1) await worker();
  else {
    const children = Array.from({ length: jobs }, () => fork(new URL(import.meta.url).pathname, ['--child', '1'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(children.map((child) => worker(child)));
    for (const child of children) child.kill();
  }
  return results.sort((a, b) => a.seed - b.seed);
}

/** One night asked of a child; its listeners go with the answer (a night a call would otherwise
 * leave one behind: MaxListenersExceededWarning after ten nights), and a child that dies fails it. */
function askChild(child: ReturnType<typeof fork>, kind: string, seed: number, verbose: boolean): Promise<NightResult> {
  return new Promise((resolve, reject) => {
    const settle = (finish: () => void) => {
      child.off('message', onMessage).off('error', onError).off('exit', onExit);
      finish();
    };
    const onMessage = (message: unknown) => settle(() => resolve(message as NightResult));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number | null, signal: string | null) =>
      settle(() => reject(new Error(`night ${seed}: its child process ended (${signal ?? `exit ${code}`}) before answering`)));
    child.on('message', onMessage).on('error', onError).on('exit', onExit);
    child.send({ kind, seed, verbose });
  });
}

if (values.child) {
  // the parent gone (done, or stopped), so is the child
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message: { kind: string; seed: number; verbose: boolean }) => {
    process.send!(await runNight(message.kind, message.seed, message.verbose));
  });
} else {
  const kinds = values.kind.split(',').map((k) => k.trim());
  for (const kind of kinds) if (!(KINDS as readonly string[]).includes(kind)) throw new Error(`unknown kind "${kind}"; known: ${KINDS.join(', ')}`);
  const first = (values.fresh ? FRESH_BASE : 0) + Number(values.from);
  const nights = Number(values.nights);
  const sensorHours = values['sensor-hours'] === undefined ? undefined : Number(values['sensor-hours']);
  const jobs = Math.max(1, Number(values.jobs));
  const byKind = new Map<string, { scores: Scores; cpuMs: number; seeds: string }>();
  const all: NightScore[] = [];
  for (const kind of kinds) {
    const results = await runKind(kind, first, nights, sensorHours, jobs, values.verbose);
    const scores = results.map((r) => r.score);
    all.push(...scores);
    byKind.set(kind, { scores: aggregateScores(scores), cpuMs: results.reduce((sum, r) => sum + r.cpuMs, 0), seeds: `${results[0]?.seed}–${results.at(-1)?.seed}` });
  }
  if (kinds.length > 1) byKind.set('all kinds', { scores: aggregateScores(all), cpuMs: 0, seeds: '' });
  console.log(`\n${values.fresh ? 'fresh seeds (never tuned on)' : 'tuning seeds'}\n${table(byKind)}`);
  for (const [kind, k] of byKind) if (k.cpuMs > 0) console.log(`${kind}: seeds ${k.seeds}, simulate + replay CPU ${(k.cpuMs / 1000).toFixed(0)} s`);
}

function table(byKind: Map<string, { scores: Scores }>): string {
  const kinds = [...byKind.keys()];
  const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)} %`);
  const num = (x: number, d: number, unit = '') => (Number.isNaN(x) ? '–' : `${x.toFixed(d)}${unit}`);
  const ok = (pass: boolean, x: number) => (Number.isNaN(x) ? '' : pass ? '' : ' ✗');
  const rows: [string, string, (s: Scores) => string][] = [
    ['nights, sensor-hours', '', (s) => `${s.nights}, ${s.recordedHours.toFixed(1)} h`],
    ['true cramps, found, false', '', (s) => `${s.trueCramps}, ${s.matched}, ${s.falsePositives}`],
    ['sensitivity', `≥ ${pct(BAR.sensitivity)}`, (s) => pct(s.sensitivity) + ok(s.sensitivity >= BAR.sensitivity, s.sensitivity)],
    ['precision', `≥ ${pct(BAR.precision)}`, (s) => pct(s.precision) + ok(s.precision >= BAR.precision, s.precision)],
    ['false cramps per 8 h', `≤ ${BAR.falsePer8h}`, (s) => num(s.falsePer8h, 2) + ok(s.falsePer8h <= BAR.falsePer8h, s.falsePer8h)],
    ['onset error, median', `≤ ${BAR.onsetErrorMedianS} s`, (s) => num(s.onsetErrorMedianS, 2, ' s') + ok(s.onsetErrorMedianS <= BAR.onsetErrorMedianS, s.onsetErrorMedianS)],
    ['duration error, median', `≤ ${pct(BAR.durationErrorMedianRel)}`, (s) => pct(s.durationErrorMedianRel) + ok(s.durationErrorMedianRel <= BAR.durationErrorMedianRel, s.durationErrorMedianRel)],
    ['confirmation latency, median', `≤ ${LATENCY_TARGET_S} s`, (s) => num(s.latencyMedianS, 2, ' s') + ok(s.latencyMedianS <= LATENCY_TARGET_S, s.latencyMedianS)],
  ];
  const width = [30, 10, ...kinds.map((k) => Math.max(16, k.length))];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join(' | ');
  return [line(['measure', 'target', ...kinds]), ...rows.map(([name, target, f]) => line([name, target, ...kinds.map((k) => f(byKind.get(k)!.scores))]))].join('\n') + '\n(✗: misses the target)';
}
