// Preload that prints, when the process exits, the CPU time of its main thread beside that of all
// its threads (gunzip on libuv's pool, V8's helpers, a replay's reading thread), from /proc
// (Linux only), and with THREAD_CPU=all each thread that used any, by its name:
//   node --import ./bench/thread-cpu.mjs bin/crampwatch.js replay CAPTURE --quiet
// On a shared machine the main thread's CPU is the steadiest figure for how long a replay takes
// once the machine is quiet: the other threads' work runs beside it on the second core.
import { readdirSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const TICK_MS = 10; // USER_HZ 100
const started = performance.now();

function stat(statPath) {
  const text = readFileSync(statPath, 'utf8');
  const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { name, cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
}

process.on('exit', () => {
  if (!isMainThread) {
    // a worker (the replay's reading thread) inherits the preload: its own figure as it ends
    process.stderr.write(`worker thread ${stat('/proc/thread-self/stat').cpuMs} ms CPU, ${Math.round(performance.now() - started)} ms wall since it started\n`);
    return;
  }
  const main = stat(`/proc/self/task/${process.pid}/stat`).cpuMs;
  const all = stat('/proc/self/stat').cpuMs;
  process.stderr.write(`main thread ${main} ms CPU, all threads ${all} ms CPU, ${Math.round(performance.now() - started)} ms wall since start\n`);
  if (process.env.THREAD_CPU !== 'all') return;
  // a thread that has ended (a worker's) is counted in "all" but no longer listed
  const threads = readdirSync('/proc/self/task').map((id) => stat(`/proc/self/task/${id}/stat`)).filter((t) => t.cpuMs > 0);
  process.stderr.write(`  by thread: ${threads.map((t) => `${t.name} ${t.cpuMs}`).join(', ')}\n`);
});
