// What the body showed at each cramp the detector opened on simulated nights, beside what really
// happened there (a cramp, a stretch, nothing): the shank's motion against its rest, seen and
// unseen, the antagonist against the cramping muscle at onset, the ankle. A dev tool for telling
// a toes-pointed stretch from a cramp; it reads the detector's private fields, for debugging only.
//   node --import tsx bench/stretch-survey.ts --kind dry-electrodes --from 711070 --nights 10
import { parseArgs } from 'node:util';
import { nightMessages, randomNightSpec } from '../firmware-sim/src/index.ts';
import { BodyState } from '../src/detect/body-state.ts';
import { CrampDetector, type CrampChange } from '../src/detect/cramp-detector.ts';
import type { CrampInput } from '../src/detect/cramp-input.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { detectorOwners, ownedDetectorCore } from './detector-owners.ts';

const { values } = parseArgs({ options: { kind: { type: 'string' }, from: { type: 'string' }, nights: { type: 'string', default: '1' } } });

/** blocks of body history kept (20 s) */
const HISTORY = 400;

class BodyTrace {
  readonly tMs = new Float64Array(HISTORY);
  readonly motionMg = new Float64Array(HISTORY);
  readonly restMg = new Float64Array(HISTORY);
  readonly moving = new Uint8Array(HISTORY);
  readonly ankleDeg = new Float64Array(HISTORY);
  count = 0;
  add(tMs: number, motionMg: number, restMg: number, moving: boolean, ankleDeg: number): void {
    const k = this.count++ % HISTORY;
    this.tMs[k] = tMs;
    this.motionMg[k] = motionMg;
    this.restMg[k] = restMg;
    this.moving[k] = moving ? 1 : 0;
    this.ankleDeg[k] = ankleDeg;
  }
  /** indices of blocks in [fromMs, toMs] */
  span(fromMs: number, toMs: number): number[] {
    const out: number[] = [];
    for (let j = Math.max(0, this.count - HISTORY); j < this.count; j++) {
      const k = j % HISTORY;
      if (this.tMs[k] >= fromMs && this.tMs[k] <= toMs) out.push(k);
    }
    return out;
  }
}

const traces = new Map<BodyState, BodyTrace>();
const endBlock = BodyState.prototype.endBlock;
BodyState.prototype.endBlock = function (this: BodyState, tMs: number): void {
  endBlock.call(this, tMs);
  let trace = traces.get(this);
  if (!trace) traces.set(this, (trace = new BodyTrace()));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const rest = (this as any).motionRest;
  trace.add(tMs, this.shank.tracker.motionMg, rest.ready ? rest.value : NaN, this.moving, this.ankleDeg);
};

interface Opened {
  device: string;
  tMs: number;
  line: string;
}
let opened: Opened[] = [];
const step = CrampDetector.prototype.step;
CrampDetector.prototype.step = function (this: CrampDetector, input: CrampInput): CrampChange {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const d = this as any;
  const wasCandidate = this.state === 'candidate';
  const firstActiveMs: number = d.firstActiveMs;
  const best: number = wasCandidate ? d.tally.hardestWorking() : 0;
  const onsetUv: number = wasCandidate ? d.onset.muscleUv(best, 0) : NaN;
  const antagonistUv: number = wasCandidate ? d.onset.antagonistUv : NaN;
  const partnerC = best === 0 ? 1 : 0;
  const partnerUv: number = wasCandidate && this.channels > 1 ? d.onset.muscleUv(partnerC, 0) : NaN;
  const moving: boolean = d.movingOnset;
  const change = step.call(this, input);
  const owner = detectorOwners.get(this);
  if (change !== 'open' || !owner) return change;
  const trace = traces.get(owner.body);
  let line = `${this.rules.region} ${this.muscles[this.channel].slice(0, 3)} ${(this as any).footOpened ? 'FOOT' : 'emg'} held ${((input.tMs + 50 - firstActiveMs) / 1000).toFixed(1)} s${moving ? ' MOVING' : ''}`;
  line += ` onset ${onsetUv.toFixed(0)} antag ${antagonistUv.toFixed(1)} (${((100 * antagonistUv) / onsetUv).toFixed(1)} %) partner ${partnerUv.toFixed(0)}`;
  if (trace) {
    const before = trace.span(firstActiveMs - 3000, firstActiveMs - 1000);
    const during = trace.span(firstActiveMs - 1000, input.tMs);
    const restMg = before.length ? trace.restMg[before[0]] : NaN;
    const beforeMean = mean(before.map((k) => trace.motionMg[k]));
    // the largest 1-s mean of motion through the candidate
    let max1s = 0;
    for (let i = 0; i + 20 <= during.length; i++) max1s = Math.max(max1s, mean(during.slice(i, i + 20).map((k) => trace.motionMg[k])));
    const ankle0 = before.length ? trace.ankleDeg[before[before.length - 1]] : NaN;
    const ankle1 = during.length ? trace.ankleDeg[during[during.length - 1]] : NaN;
    const seen = during.filter((k) => trace.moving[k]).length;
    line += ` | rest ${restMg.toFixed(1)} mg, before ${beforeMean.toFixed(1)}, max1s ${max1s.toFixed(1)} (${(max1s / Math.max(restMg, beforeMean)).toFixed(2)}x), moving blocks ${seen}, ankle ${(ankle1 - ankle0).toFixed(1)}°`;
  }
  opened.push({ device: owner.device, tMs: input.tMs, line });
  return change;
};

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

const first = Number(values.from);
for (let seed = first; seed < first + Number(values.nights); seed++) {
  const spec = randomNightSpec(seed, { preset: values.kind });
  opened = [];
  await replayLines(nightMessages(spec), {
    createCore: ownedDetectorCore,
  });
  for (const o of opened) {
    const truth = spec.truth.filter((t) => t.device === o.device && t.start - 3000 <= o.tMs && t.end + 1000 >= o.tMs - 4000 && t.kind !== 'twitch');
    const what = truth.find((t) => t.kind === 'cramp') ?? truth.find((t) => t.kind === 'stretch') ?? truth[0];
    const label = what ? `${what.kind === 'cramp' ? 'CRAMP' : what.kind.toUpperCase()}${what.note ? `(${what.note})` : ''} lat ${((o.tMs + 50 - what.start) / 1000).toFixed(1)} dur ${((what.end - what.start) / 1000).toFixed(1)}` : 'NOTHING';
    console.log(`${values.kind} ${seed} ${o.device} ${((o.tMs - spec.startMs) / 1000).toFixed(1)} ${label} :: ${o.line}`);
  }
}
