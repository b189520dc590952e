// Two or more builds of the command compared as whole processes on one capture, taking turns
// (the order reversed every other round), so that a busy neighbour weighs on each the same:
//   node --import tsx bench/alternate-builds.ts ROUNDS CAPTURE [--floor] NAME=FOLDER NAME=FOLDER …
// FOLDER holds a build's bin/ and dist/ (e.g. a copy of main's, and this worktree). Each replay is
// `node FOLDER/bin/crampwatch.js replay CAPTURE --episodes /tmp/… --quiet`: its wall time from
// spawn to exit and its CPU (the reaped child's user + system, /proc/self/stat). With --floor, after
// each round, the floor bench/start.ts compares against: gunzip + JSON.parse in this process.
// Prints medians and the least of each, the load average over the rounds, and whether the
// builds' episode files are the same bytes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { measured } from './cpu-time.ts';
import { parseFloor } from './parse-floor.ts';

interface Run {
  wallMs: number;
  cpuMs: number;
}

/** CPU of this process's reaped children, ms (cutime + cstime, at 100 ticks a second). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const args = process.argv.slice(2);
const rounds = Number(args[0]);
const capture = args[1];
const withFloor = args.includes('--floor');
const builds = args.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=') as [string, string]);
if (!(rounds > 0) || !capture || builds.length < 1) {
  console.error('usage: node --import tsx bench/alternate-builds.ts ROUNDS CAPTURE [--floor] NAME=FOLDER …');
  process.exit(2);
}

const runs = new Map<string, Run[]>(builds.map(([name]) => [name, []]));
const floors: Run[] = [];
const loads: number[] = [];
for (let round = 0; round < rounds; round++) {
  loads.push(loadavg()[0]);
  for (const [name, folder] of round % 2 === 0 ? builds : [...builds].reverse()) {
    const cpu0 = childrenCpuMs();
    const wall0 = performance.now();
    const run = spawnSync(process.execPath, [`${folder}/bin/crampwatch.js`, 'replay', capture, '--episodes', `/tmp/alternate-${name}.json`, '--quiet'], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${name}: exit ${run.status}`);
    runs.get(name)!.push({ wallMs: performance.now() - wall0, cpuMs: childrenCpuMs() - cpu0 });
  }
  if (withFloor) floors.push(await measured(() => parseFloor(capture)));
}
loads.push(loadavg()[0]);

const line = (name: string, list: Run[]) =>
  `${name.padEnd(8)} wall ${median(list.map((r) => r.wallMs)).toFixed(0)} ms (least ${Math.min(...list.map((r) => r.wallMs)).toFixed(0)}), CPU ${median(list.map((r) => r.cpuMs)).toFixed(0)} ms (least ${Math.min(...list.map((r) => r.cpuMs)).toFixed(0)})`;
for (const [name, list] of runs) console.log(line(name, list));
if (withFloor) {
  console.log(line('floor', floors));
  for (const [name, list] of runs) {
    const wall = median(list.map((r) => r.wallMs)) / median(floors.map((r) => r.wallMs));
    const least = Math.min(...list.map((r) => r.wallMs)) / Math.min(...floors.map((r) => r.wallMs));
    console.log(`${name} ÷ floor: ${wall.toFixed(2)} (medians), ${least.toFixed(2)} (least ÷ least)`);
  }
}
const episodes = builds.map(([name]) => readFileSync(`/tmp/alternate-${name}.json`));
const same = episodes.every((bytes) => bytes.equals(episodes[0]));
console.log(`load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ${rounds} rounds; episodes ${same ? 'the same bytes' : 'DIFFER'}; ${new Date().toISOString()}`);
