// One workload, for a CPU profile:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts replay-json [hours]
//   node --import tsx bench/profile-top.ts /tmp/prof/*.cpuprofile
// Workloads: core (the detector on the bench night), replay-json, replay-binary (the capture
// through the whole replay path), ingest-json, ingest-binary (same, stand-in core).
import { readCaptureLines } from '../src/adapters/capture/read.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { benchCapture } from './captures.ts';
import { countingSink } from './counting-sink.ts';
import { loadDetector, standInFactory } from './detector.ts';
import { nightFrames } from './night-frames.ts';

const [workload = 'replay-json', hoursText] = process.argv.slice(2);
const detector = await loadDetector();
const started = performance.now();
if (workload === 'core') {
  const night = nightFrames(Number(hoursText ?? 1));
  const ready = performance.now();
  for (let run = 0; run < 3; run++) {
    const core = detector.factory(night.device, countingSink());
    for (const frame of night.frames) core.pushFrame(frame);
    core.finish();
  }
  console.log(`${detector.name}: 3 × ${night.hours} h in ${Math.round(performance.now() - ready)} ms wall`);
} else {
  const [what, encoding] = workload.split('-') as ['replay' | 'ingest', 'json' | 'binary'];
  const path = await benchCapture(Number(hoursText ?? 0.25), encoding);
  const factory = what === 'ingest' ? standInFactory : detector.factory;
  for (let run = 0; run < 3; run++) await replayLines(readCaptureLines(path), { createCore: factory });
  console.log(`${workload}: 3 runs in ${Math.round(performance.now() - started)} ms wall`);
}
