// Like trace-night.ts, with the ankle angle and the leg's motion each 0.5 s: for looking at what a
// calf cramp did to the foot (a cramp pulls it into plantar flexion).
//   node --import tsx bench/trace-ankle.ts --seed 710668 --preset dry-electrodes --device cw-86 --from 5210 --to 5245
import { parseArgs } from 'node:util';
import { randomNightSpec } from '../firmware-sim/src/index.ts';
import { replayWatchingDevice } from './watch-device.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, preset: { type: 'string' }, device: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
const spec = randomNightSpec(Number(values.seed), { preset: values.preset });
const fromMs = spec.startMs + Number(values.from) * 1000;
const toMs = spec.startMs + Number(values.to) * 1000;
let lastSlot = -1;
await replayWatchingDevice(spec, values.device!, (core, frame) => {
  if (frame.tMs < fromMs || frame.tMs > toMs) return;
  const slot = Math.floor((frame.tMs - spec.startMs) / 500);
  if (slot === lastSlot) return;
  lastSlot = slot;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c = core as any;
  const cells = c.stream.emg.map((ch: { muscle: string; levelUv: number; restUv: number; floorUv: number; ok: boolean }) => `${ch.muscle.slice(0, 3)} ${ch.levelUv.toFixed(1)}/${ch.restUv.toFixed(1)}${ch.floorUv > 0 ? 'f' : ''}${ch.ok ? '' : '?'}`);
  const states = c.stream.groups.map((g: { detector: { state: string } }) => g.detector.state);
  console.log(`${(slot / 2).toFixed(1)} ${cells.join('  ')}  ${states.join(',')} ankle ${c.body.ankleDeg.toFixed(1)}${c.body.moving ? ' moving' : ''} ${c.body.posture}`);
});
