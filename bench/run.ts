// `npm run bench [-- --quick] [--only core,replay,memory,live] [--hours H] [--sensors 100,250]`
// Prints the issue-6 figures for this machine. Figures, not assertions: nothing here fails a
// build; bench/RESULTS.md records what a run printed and how it compares with the targets.
import { parseArgs } from 'node:util';
import { runCoreBench, type CoreResult } from './core.ts';
import { fixed, int, kib, mega, verdict } from './format.ts';
import { describeMachine, machine } from './machine.ts';
import { runReplayBench, type ReplayResult } from './replay.ts';

const HELP = `usage: npm run bench -- [options]
  --quick            short inputs (minutes instead of hours), a few seconds a benchmark
  --only LIST        some of: core, replay, memory, live (comma separated; default all)
  --hours H          length of the core night (default 8; quick 1)
  --replay-hours H   length of the replayed captures (default 2; quick 0.25)
  --sensors LIST     live steps, e.g. 100,250,500,1000 (quick 50,100)
  --live-seconds S   how long each live step publishes (default 20; quick 6)
  --json             print the results as one JSON object at the end too`;

const SECTIONS = ['core', 'replay', 'memory', 'live'] as const;
type Section = (typeof SECTIONS)[number];

export function printCore(r: CoreResult): void {
  console.log(`core   ${r.detector}: ${fixed(r.hours, 2)} h night, ${int(r.frames)} frames, ${mega(r.emgSamples)} EMG samples`);
  console.log(`       ${int(r.cpuMs)} ms CPU (best of ${r.runs}) → ${mega(r.samplesPerS)} samples/s, ${int(r.timesRealTime)}× real time`);
  console.log(`       8 h night: ${int(r.cpuMsPer8h)} ms CPU (target ≤ 1,000 ms, ≥ 28,800×): ${verdict(r.cpuMsPer8h <= 1000)}`);
  console.log(`       ${r.closedEpisodes} closed episodes, ${int(r.signalPoints)} signal points`);
}

export function printReplay(r: ReplayResult): void {
  console.log(`replay ${r.detector}: ${fixed(r.hours, 2)} h capture, CPU ms (best of runs)`);
  for (const t of [r.json, r.binary]) {
    console.log(
      `       ${t.encoding.padEnd(6)} ${kib(t.compressedBytes).padStart(12)} gz, ${int(t.lines)} lines: floor ${int(t.floorCpuMs)} ms, ingest only ${int(t.ingestCpuMs)} ms, replay ${int(t.replayCpuMs)} ms (wall ${int(t.replayWallMs)} ms), ${t.frames} frames, ${t.closedEpisodes} episodes, ${t.rejects} rejects`,
    );
  }
  console.log(`       JSON replay ÷ floor: ${fixed(r.jsonOverFloor, 2)} (ingest only ${fixed(r.ingestOverFloor, 2)}; target ≤ 1.5): ${verdict(r.jsonOverFloor <= 1.5)}`);
  console.log(`       binary vs JSON replay: ${fixed(r.binarySpeedup, 2)}× faster (floor alone ${fixed(r.binaryFloorSpeedup, 2)}×; target ≥ 3×): ${verdict(r.binarySpeedup >= 3)}`);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      hours: { type: 'string' },
      'replay-hours': { type: 'string' },
      sensors: { type: 'string' },
      'live-seconds': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const quick = values.quick ?? false;
  const only = (values.only?.split(',').map((s) => s.trim()) ?? [...SECTIONS]) as Section[];
  const unknown = only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
    return 2;
  }
  const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));
  const results: Record<string, unknown> = { machine: machine(), command: `npm run bench -- ${argv.join(' ')}`.trim() };
  console.log(`machine: ${describeMachine(machine())}`);
  console.log(`command: ${results.command}`);
  if (only.includes('core')) {
    const r = await runCoreBench({ hours: number(values.hours, quick ? 1 : 8), runs: quick ? 2 : 3 });
    printCore(r);
    results.core = r;
  }
  if (only.includes('replay')) {
    const r = await runReplayBench({ hours: number(values['replay-hours'], quick ? 0.25 : 2), runs: quick ? 1 : 2 });
    printReplay(r);
    results.replay = r;
  }
  if (values.json) console.log(JSON.stringify(results));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
