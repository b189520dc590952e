// Preload that prints, when the process exits, the CPU time of its main thread beside that of all
// its threads (gunzip on libuv's pool, V8's helpers), from /proc (Linux only):
//   node --import ./bench/thread-cpu.mjs bin/crampwatch.js replay CAPTURE --quiet
// On a shared machine the main thread's CPU is the steadiest figure for how long a replay takes
// once the machine is quiet: the other threads' work runs beside it on the second core.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ 100
const started = performance.now();

function cpuMs(statPath) {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

process.on('exit', () => {
  const main = cpuMs(`/proc/self/task/${process.pid}/stat`);
  const all = cpuMs('/proc/self/stat');
  process.stderr.write(`main thread ${main} ms CPU, all threads ${all} ms CPU, ${Math.round(performance.now() - started)} ms wall since start\n`);
});
