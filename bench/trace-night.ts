// Prints one device's channels second by second around a time of a simulated night (level, rest,
// the group's state): for looking into one cramp of a bench run.
//   node --import tsx bench/trace-night.ts --seed 5 --preset dry-electrodes --device cw-51-R --from 5580 --to 5800
// --hours H: the night's length, as bench/eval.ts passes it (2 there; the preset's own otherwise)
import { parseArgs } from 'node:util';
import { randomNightSpec } from '../firmware-sim/src/index.ts';
import { replayWatchingDevice } from './watch-device.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, preset: { type: 'string' }, device: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, hours: { type: 'string' } } });
const spec = randomNightSpec(Number(values.seed), { preset: values.preset, hours: values.hours === undefined ? undefined : Number(values.hours) });
const fromMs = spec.startMs + Number(values.from) * 1000;
const toMs = spec.startMs + Number(values.to) * 1000;
let lastSecond = -1;
await replayWatchingDevice(spec, values.device!, (core, frame) => {
  if (frame.tMs < fromMs || frame.tMs > toMs) return;
  const second = Math.floor((frame.tMs - spec.startMs) / 1000);
  if (second === lastSecond) return;
  lastSecond = second;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stream = (core as any).stream;
  // level/rest, and "f" where the rest is a contact's floor seen on a still body (EmgChannel.floorUv)
  const cells = stream.emg.map((ch: { muscle: string; levelUv: number; restUv: number; floorUv: number; ok: boolean }) => `${ch.muscle.slice(0, 3)} ${ch.levelUv.toFixed(1)}/${ch.restUv.toFixed(1)}${ch.floorUv > 0 ? 'f' : ''}${ch.ok ? '' : '?'}`);
  const states = stream.groups.map((g: { detector: { state: string } }) => g.detector.state);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body = (core as any).body;
  console.log(`${second} ${cells.join('  ')}  ${states.join(',')}${body.moving ? ' moving' : ''} ${body.posture}`);
});
