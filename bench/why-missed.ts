// Why a cramp of a simulated night was missed (or a false one found): each second around a time,
// one device's muscle groups as their CrampDetector saw them (state, how long the candidate has
// been held, its hardest-working channel's level against rest / floor / quiet / active, its active
// and clear-of-quiet shares) and which test turned the candidate down. A dev tool for bench runs.
//   node --import tsx bench/why-missed.ts --seed 710140 --preset dry-electrodes --device cw-51-R --from 5580 --to 5800 [--blocks]
// (--blocks: every 50-ms block, not one line a second; a night of bench/eval.ts --whole-leg:
//  --seed 902102 --hours 1 --whole-leg --cramps 4)
import { parseArgs } from 'node:util';
import { randomNightSpec } from '../firmware-sim/src/index.ts';
import { activeFloorUv, quietCeilingUv } from '../src/detect/activity.ts';
import { CrampDetector, type CrampChange } from '../src/detect/cramp-detector.ts';
import { contactProven } from '../src/detect/suspect-contact.ts';
import type { CrampInput } from '../src/detect/cramp-input.ts';
import { replayWatchingDevice } from './watch-device.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, preset: { type: 'string' }, device: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, blocks: { type: 'boolean', default: false }, hours: { type: 'string' }, 'whole-leg': { type: 'boolean', default: false }, cramps: { type: 'string' } } });
// --hours, --whole-leg, --cramps: a night of bench/eval.ts, made as it makes them
const spec = randomNightSpec(Number(values.seed), { preset: values.preset, hours: values.hours === undefined ? undefined : Number(values.hours), wholeLeg: values['whole-leg'], cramps: values.cramps === undefined ? undefined : Number(values.cramps) });
const fromMs = spec.startMs + Number(values.from) * 1000;
const toMs = spec.startMs + Number(values.to) * 1000;
const s = (ms: number) => ((ms - spec.startMs) / 1000).toFixed(1);

// the detectors of the device asked about; the prototype's step is wrapped to watch them
const watched = new Set<CrampDetector>();
const step = CrampDetector.prototype.step;
const lastSecond = new Map<CrampDetector, number>();
CrampDetector.prototype.step = function (this: CrampDetector, input: CrampInput): CrampChange {
  const change = step.call(this, input);
  if (!watched.has(this) || input.tMs < fromMs || input.tMs > toMs) return change;
  const second = Math.floor((input.tMs - spec.startMs) / 1000);
  if (change === 'none' && !values.blocks && lastSecond.get(this) === second) return change;
  lastSecond.set(this, second);
  console.log(`${s(input.tMs)} ${this.rules.region} ${this.state}${change === 'none' ? '' : ` ${change.toUpperCase()}`} ${describe(this, input)}`);
  return change;
};

/** the candidate's tallies and verdicts, read from the detector's private fields */
function describe(detector: CrampDetector, input: CrampInput): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const d = detector as any;
  const channels = detector.muscles.map((m, c) => {
    const level = input.levelUv[c];
    const rest = input.restUv[c];
    const floor = input.floorUv[c];
    return `${m.slice(0, 3)} ${level.toFixed(0)} r${rest.toFixed(0)}${floor > 0 ? ` f${floor.toFixed(0)}` : ''} q${quietCeilingUv(rest, floor).toFixed(0)} a${activeFloorUv(rest, floor).toFixed(0)}${input.ok[c] ? '' : '?'}${input.suspect[c] ? ' sus' : ''}${input.looseLately[c] ? ' loose' : ''}`;
  });
  if (input.antagonistLevelUv === input.antagonistLevelUv) channels.push(`antagonist ${input.antagonistLevelUv.toFixed(0)}`);
  if (detector.state !== 'candidate' || d.tally.knownBlocks === 0) return channels.join(' | ');
  const best: number = d.tally.hardestWorking();
  const held = input.tMs + 50 - d.firstActiveMs;
  const need: number = d.confirmationMs();
  const weak = d.weak;
  const clear = weak.clearBlocks[best] / d.tally.knownBlocks;
  const emg = weak.emgSum[best] / d.tally.knownBlocks;
  const verdict = [
    `held ${(held / 1000).toFixed(1)}/${(need / 1000).toFixed(1)} s`,
    `best ${detector.muscles[best].slice(0, 3)} active ${((100 * d.tally.activeBlocks[best]) / d.tally.knownBlocks).toFixed(0)} %`,
    `clear ${(100 * clear).toFixed(0)} % emg ${emg.toFixed(0)}`,
    d.suddenRise ? 'sudden' : 'slow',
    d.movingOnset ? 'moving' : '',
    d.uprightOnset ? 'upright' : '',
    d.tally.looseSeen[best] ? 'looseSeen' : '',
    d.tally.unknownSeen[best] ? 'unknownSeen' : '',
    weak.unvouched[best] ? 'unvouched' : '',
    d.rhythm.rhythmic(best, !d.movingOnset && !d.uprightOnset) ? 'rhythmic' : '',
    d.isCramp(best, held, need, false) ? 'CRAMP' : held >= need ? `not-cramp(${rejection(d, best, held, false)})` : '',
    d.mayBeWeakCramp(best) ? `MAYBE-WEAK${d.isCramp(best, held, need, true) ? '+ok' : `-rejected(${rejection(d, best, held, true)})`}` : '',
  ];
  return `${channels.join(' | ')} :: ${verdict.filter(Boolean).join(' ')}`;
}

const near = (start: number, end: number) => end >= fromMs - 60_000 && start <= toMs + 60_000;
/** which of CrampDetector.isCramp's tests (weak: share and contact not asked) a candidate failed */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function rejection(d: any, best: number, held: number, weak: boolean): string {
  const meanUv = d.tally.meanUv(best);
  const onset = weak && d.firstActiveMs !== d.riseFirstActiveMs ? d.riseOnset : d.onset;
  const antagonistUv: number = onset.antagonistUv;
  const onsetUv: number = onset.muscleUv(best, meanUv);
  const why: string[] = [];
  if (d.rhythm.rhythmic(best, !d.movingOnset && !d.uprightOnset)) why.push('rhythmic');
  if (!onset.antagonistUnseen && onsetUv < d.rules.overAntagonist * antagonistUv) why.push(`onset ${onsetUv.toFixed(0)} under antagonist ${antagonistUv.toFixed(0)}`);
  if (d.uprightOnset && meanUv < d.rules.uprightMinUv) why.push('upright and weak');
  if (d.whiteness.white(best)) why.push('white');
  if (!weak) {
    const need: number = d.confirmationMs();
    const neededShare = need === d.rules.confirmStillMs ? d.rules.activeShareStill : d.rules.activeShareMoving;
    if (d.tally.activeShare(best) < neededShare) why.push(`active share under ${neededShare}`);
    const whiteLately = d.nowMs - d.whiteFoundMs[best] < 5 * 60_000;
    if (!contactProven(best, meanUv, d.tally, d.movingOnset, whiteLately, d.whiteness.testedNotWhite(best))) why.push(`contact unproven${whiteLately ? ' (white lately)' : ''}`);
  }
  const lookAlike = d.rules.lookAlike?.({ channel: best, muscle: d.muscles[best], heldMs: held, meanUv, activeShare: 1, movingOnset: d.movingOnset, motionLed: d.motionLed, uprightOnset: d.uprightOnset, onsetUv, partnerOnsetUv: onset.partnerUv });
  if (lookAlike) why.push(lookAlike);
  return why.join(', ');
}

for (const t of spec.truth) if (t.device === values.device && near(t.start, t.end)) console.log(`truth ${t.kind}${t.muscle ? ` ${t.muscle}` : ''} ${s(t.start)}–${s(t.end)}${t.note ? ` (${t.note})` : ''}`);
const deviceIndex = spec.devices.findIndex((d) => d.id === values.device);
console.log(`channels: ${spec.devices[deviceIndex]?.channels.join(', ')}`);
for (const layer of spec.layers) {
  if (layer.type !== 'cramp' || layer.device !== deviceIndex || !near(layer.startMs, layer.endMs)) continue;
  const levels = Object.entries(layer.levels).map(([m, uv]) => `${m} ${uv!.toFixed(0)} µV`).join(', ');
  console.log(`cramp layer ${s(layer.startMs)}–${s(layer.endMs)}: ${levels}; wax depth ${layer.waxDepth.toFixed(2)} every ${layer.waxPeriodS.toFixed(1)} s, ${layer.dips.length} dips`);
}
await replayWatchingDevice(spec, values.device!, (core) => {
  // the groups' detectors exist once the first frame has set the layout
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const group of (core as any).stream?.groups ?? []) watched.add(group.detector);
});
