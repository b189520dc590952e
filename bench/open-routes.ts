// Which of the detector's rules opened each cramp of some simulated nights, and whether it was a
// true one: the ordinary rule (active share), or the weak rule on the rise's first look, on a fresh
// look, by the long hold, before the jolt, or as a return. A dev tool: reads the detector's private
// fields, to see what a change to one rule would cost before making it.
//   node --import tsx bench/open-routes.ts --preset dry-electrodes --from 711140 --nights 10 [--hours 0.5]
import { parseArgs } from 'node:util';
import { nightMessages, nightTruth, randomNightSpec } from '../firmware-sim/src/index.ts';
import { CrampDetector } from '../src/detect/cramp-detector.ts';
import type { CrampInput } from '../src/detect/cramp-input.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { detectorOwners, ownedDetectorCore } from './detector-owners.ts';

const { values } = parseArgs({ options: { preset: { type: 'string' }, from: { type: 'string' }, nights: { type: 'string', default: '1' }, hours: { type: 'string' } } });

interface Opening {
  device: string;
  atMs: number;
  startMs: number;
  route: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inner = any;
/** the rise's first look, as it ended (a fresh look began): its weak clear share and mean EMG */
const firstLookOf = new Map<CrampDetector, string>();
let openings: Opening[] = [];

const proto = CrampDetector.prototype as Inner;
const beginCandidate = proto.beginCandidate;
proto.beginCandidate = function (this: Inner, input: CrampInput, continuing = false) {
  if (continuing && this.firstActiveMs === this.riseFirstActiveMs) {
    const best = this.tally.hardestWorking();
    const n = this.tally.knownBlocks;
    firstLookOf.set(this, `first look clear ${((100 * this.weak.clearBlocks[best]) / n).toFixed(0)} % emg ${(this.weak.emgSum[best] / n).toFixed(0)}`);
  }
  if (!continuing) firstLookOf.delete(this);
  return beginCandidate.call(this, input, continuing);
};
const open = proto.open;
proto.open = function (this: Inner, input: CrampInput, best: number) {
  const heldMs = input.tMs + 50 - this.firstActiveMs;
  const needMs = this.confirmationMs();
  const ordinary = heldMs >= needMs && this.isCramp(best, heldMs, needMs, false) && this.workingPastMotion(input, best);
  const firstLook = this.firstActiveMs === this.riseFirstActiveMs;
  const sinceRiseS = (input.tMs - this.riseFirstActiveMs) / 1000;
  const riseClear = (100 * this.weakSinceRise.clearBlocks[best]) / Math.max(1, this.riseKnownBlocks);
  let route: string;
  if (ordinary) route = 'ordinary';
  else if (this.riseFirstActiveMs - this.lastCrampEndMs < 60_000) route = 'weak-return';
  else if (heldMs < needMs) route = 'weak-before-jolt';
  else if (this.heldThroughCandidate(best)) route = firstLook ? 'weak-held-first-look' : 'weak-held-fresh-look';
  else route = 'weak-long';
  const look = `look clear ${((100 * this.weak.clearBlocks[best]) / Math.max(1, this.tally.knownBlocks)).toFixed(0)} % emg ${(this.weak.emgSum[best] / Math.max(1, this.tally.knownBlocks)).toFixed(0)}`;
  const detail = `${route} ${sinceRiseS.toFixed(1)} s after rise, since rise clear ${riseClear.toFixed(0)} %, ${look}${firstLook ? '' : `, ${firstLookOf.get(this) ?? ''}`}`;
  openings.push({ device: detectorOwners.get(this)?.device ?? '?', atMs: input.tMs, startMs: this.startMs, route: detail });
  return open.call(this, input, best);
};

const first = Number(values.from);
for (let seed = first; seed < first + Number(values.nights); seed++) {
  const spec = randomNightSpec(seed, { preset: values.preset, ...(values.hours ? { hours: Number(values.hours) } : {}) });
  const truth = nightTruth(spec);
  openings = [];
  await replayLines(nightMessages(spec), {
    createCore: ownedDetectorCore,
  });
  const s = (ms: number) => ((ms - spec.startMs) / 1000).toFixed(1);
  for (const o of openings) {
    const cramp = truth.episodes.find((e) => e.kind === 'cramp' && e.device === o.device && e.start <= o.atMs + 1000 && e.end >= o.startMs);
    console.log(`${seed} ${o.device} ${s(o.startMs)}→${s(o.atMs)} ${cramp ? 'TRUE ' : 'FALSE'} ${o.route}`);
  }
}
