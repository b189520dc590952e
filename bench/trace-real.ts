// Prints a real UCI lower-limb recording (/work/shared/data/uci-lower-limb) through the core every
// half second, its four thigh muscles read as test/detect/real-data.test.ts reads them (rectus
// femoris, biceps femoris, vastus medialis, semitendinosus as quadriceps, hamstrings, soleus,
// gastrocnemius): level/rest per channel ("f" where the rest is a contact's floor seen on a still
// body, EmgChannel.floorUv), each group's state, and the episodes. For looking into why a real
// non-cramp fires.
//   node --import tsx bench/trace-real.ts --file 3Amar.txt
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Episode, Muscle } from '../src/core/types.ts';
import { DeviceDetector } from '../src/detect/device-detector.ts';

const { values } = parseArgs({ options: { file: { type: 'string', default: '3Amar.txt' }, data: { type: 'string', default: '/work/shared/data' } } });
const rows = readFileSync(`${values.data}/uci-lower-limb/${values.file}`, 'utf8')
  .split('\n')
  .map((line) => line.trim().split('\t').map(Number))
  .filter((r) => r.length >= 4 && r.slice(0, 4).every(Number.isFinite));
// mV → µV
const data = Array.from({ length: 4 }, (_, c) => Float32Array.from(rows, (r) => r[c] * 1000));
const channels: Muscle[] = ['quadriceps', 'hamstrings', 'soleus', 'gastrocnemius'];
const FS_HZ = 1000;
const FRAME = FS_HZ / 10;
const T0 = 1_764_201_600_000;
const seconds = (ms: number | undefined) => (ms === undefined ? '–' : ((ms - T0) / 1000).toFixed(1));
const core = new DeviceDetector('real', {
  episode: (e: Episode) => console.log(`EPISODE ${e.event} ${e.muscle} ${seconds(e.start)}–${seconds(e.end)} s`),
  signal: () => {},
  limbMovement: () => {},
});
let lastHalf = -1;
for (let i = 0, seq = 0; i + FRAME <= data[0].length; i += FRAME, seq++) {
  core.pushFrame({ device: 'real', seq, tMs: T0 + (i * 1000) / FS_HZ, emgFsHz: FS_HZ, channels, emgUv: data.map((d) => d.slice(i, i + FRAME)) });
  const half = Math.floor((2 * i) / FS_HZ);
  if (half === lastHalf) continue;
  lastHalf = half;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stream = (core as any).stream;
  const cells = stream.emg.map((ch: { muscle: string; levelUv: number; restUv: number; floorUv: number; ok: boolean }) => `${ch.muscle.slice(0, 3)} ${ch.levelUv.toFixed(1)}/${ch.restUv.toFixed(1)}${ch.floorUv > 0 ? 'f' : ''}${ch.ok ? '' : '?'}`);
  const states = stream.groups.map((g: { detector: { state: string } }) => g.detector.state);
  console.log(`${(half / 2).toFixed(1)} ${cells.join('  ')}  ${states.join(',')}`);
}
core.finish();
