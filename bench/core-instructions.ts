// The detector core's work as a load-independent count: run under callgrind, whose instruction
// count does not depend on the neighbours the way CPU time on the shared 2-core machine does.
// Bundled first (tsx's loader thread and esbuild child would be counted too, and vary), into
// bench/ (gitignored), since the cached night is found from the bundle's own path:
//   npx esbuild bench/core-instructions.ts --bundle --platform=node --format=esm --outfile=bench/.ci.mjs
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.r1 node --single-threaded bench/.ci.mjs 1 1
//   (and with 3 runs: half the difference is one warmed-up hour). Compare the instructions of
//   the JIT code (callgrind_annotate's `???:0x…` lines) and builtins: they repeat to 0.1 %; the
//   garbage collector's vary by ±70 M between identical runs (V8 sizes its heap by measured time),
//   so process totals mislead for cuts of a few per cent (bench/RESULTS.md, 2026-12-01 afternoon).
// Arguments: hours of the bench night (cached by night-frames.ts), runs through the core.
import { createDeviceCore } from '../src/app/core-factory.ts';
import { countingSink } from './counting-sink.ts';
import { nightFrames } from './night-frames.ts';

const [hoursText = '1', runsText = '1'] = process.argv.slice(2);
const night = nightFrames(Number(hoursText));
let episodes = 0;
let bestMs = Infinity;
for (let run = 0; run < Number(runsText); run++) {
  const cpu0 = process.cpuUsage();
  const sink = countingSink();
  const core = createDeviceCore(night.device, sink);
  for (const frame of night.frames) core.pushFrame(frame);
  core.finish();
  core.nightStats();
  const cpu = process.cpuUsage(cpu0);
  bestMs = Math.min(bestMs, (cpu.user + cpu.system) / 1000);
  episodes += sink.closed.length;
}
// CPU time is printed for use outside callgrind (under it, it is callgrind's own)
console.log(`${night.hours} h × ${runsText} runs: ${episodes} closed episodes, best run ${Math.round(bestMs)} ms CPU`);
