// `node --import tsx bench/edf-import.ts [--hours 1,8]`: how long `crampwatch import` takes on a
// PSG of 9 signals (two legs' tibialis, chin, six EEG/EOG, all 256 Hz, EDF+C with scored LMs),
// and whether its memory stays flat with the recording's length (records are streamed). Each
// import runs in its own process, so its peak RSS is its own. Figures, not assertions.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CaptureWriter } from '../src/adapters/capture/write.ts';
import { openEdf } from '../src/adapters/edf/records.ts';
import { edfToCapture } from '../src/adapters/edf/to-capture.ts';
import { emgSignal, writeEdf } from '../test/adapters/edf/edf-writer.ts';
import { emgWithBursts, lmSeries, random } from '../test/adapters/edf/synthetic-psg.ts';
import { fixed, int, mib, verdict } from './format.ts';
import { describeMachine, machine } from './machine.ts';

const FS_HZ = 256;
const DIR = join(tmpdir(), 'crampwatch-bench', 'edf');

function makePsg(hours: number): string {
  const path = join(DIR, `psg-${hours}h.edf`);
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  const seconds = Math.round(hours * 3600);
  const next = random(1);
  const left = [];
  for (let t = 600; t < seconds - 1800; t += 3600) left.push(...lmSeries(t, 60, next));
  const quiet = new Float32Array(FS_HZ * seconds);
  const bytes = writeEdf({
    variant: 'EDF+C',
    startDate: '26.11.26',
    startTime: '22.30.00',
    recordDurationS: 1,
    records: seconds,
    signals: [
      emgSignal('LAT', FS_HZ, 1, emgWithBursts(FS_HZ, seconds, 3, left, 1)),
      emgSignal('RAT', FS_HZ, 1, emgWithBursts(FS_HZ, seconds, 3, [], 2)),
      ...['Chin', 'EEG C3-A2', 'EEG C4-A1', 'EEG O1-A2', 'EEG O2-A1', 'EOG E1', 'EOG E2'].map((label) => emgSignal(label, FS_HZ, 1, quiet)),
    ],
    annotations: left.map((b) => ({ onsetS: b.startS, durationS: Math.round(b.durationS * 100) / 100, text: 'LM L' })),
  });
  const fd = openSync(path, 'w');
  writeSync(fd, bytes);
  closeSync(fd);
  return path;
}

async function child(input: string, out: string): Promise<void> {
  const edf = await openEdf(input);
  const writer = new CaptureWriter(out);
  const summary = await edfToCapture(edf, writer, { base: 'bench', map: new Map() });
  await writer.close();
  await edf.close();
  const cpu = process.cpuUsage();
  const frames = summary.legs.reduce((n, l) => n + l.frames, 0);
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024, frames, bytes: edf.header.headerBytes + edf.header.records * edf.header.recordBytes }));
}

const { values } = parseArgs({ options: { hours: { type: 'string', default: '1,8' }, child: { type: 'string' }, out: { type: 'string' } } });
if (values.child) {
  await child(values.child, values.out!);
} else {
  console.log(`edf-import on ${describeMachine(machine())} (shared machine: figures are upper bounds)`);
  const results: { hours: number; maxRssBytes: number }[] = [];
  for (const hours of values.hours.split(',').map(Number)) {
    const input = makePsg(hours);
    const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', input, '--out', join(DIR, `psg-${hours}h.ndjson.gz`)], { encoding: 'utf8' });
    const r = JSON.parse(output.trim().split('\n').pop()!);
    results.push({ hours, maxRssBytes: r.maxRssBytes });
    const per8h = (r.cpuMs / hours) * 8;
    console.log(`edf    ${fixed(hours, 1)} h PSG, ${mib(r.bytes)}, 9 signals at ${FS_HZ} Hz: ${int(r.frames)} frames, ${int(r.cpuMs)} ms CPU, peak RSS ${mib(r.maxRssBytes)}`);
    console.log(`       8 h PSG: ${fixed(per8h / 1000, 1)} s CPU (target ≤ 60 s): ${verdict(per8h <= 60_000)}`);
  }
  if (results.length > 1) {
    const first = results[0];
    const last = results[results.length - 1];
    const growth = last.maxRssBytes - first.maxRssBytes;
    console.log(`       peak RSS from ${fixed(first.hours, 1)} h to ${fixed(last.hours, 1)} h: ${growth >= 0 ? '+' : ''}${mib(growth)} (target: flat, ≤ +32 MiB): ${verdict(growth <= 32 * 2 ** 20)}`);
  }
}
