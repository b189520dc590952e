// A command run as a whole process, as a user runs it: wall time from spawn to exit, and its CPU
// (user + system, threads included) from this process's reaped-children counters in /proc, so
// start-up, module loading and exit all count. Linux only for the CPU; NaN elsewhere.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ

/** CPU ms of this process's children that have been waited for (cutime + cstime). */
function reapedChildrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_S;
  } catch {
    return NaN;
  }
}

export interface ProcessTiming {
  wallMs: number;
  /** 10 ms resolution (clock ticks) */
  cpuMs: number;
  stdout: string;
}

/** Variables to set for the child; `undefined` removes one the bench's own environment has. */
export type EnvChanges = Record<string, string | undefined>;

function childEnv(changes: EnvChanges): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export function timeProcess(command: string, args: string[], envChanges: EnvChanges = {}): Promise<ProcessTiming> {
  return new Promise((resolve, reject) => {
    const cpu0 = reapedChildrenCpuMs();
    const wall0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(envChanges) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - wall0;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
      else resolve({ wallMs, cpuMs: reapedChildrenCpuMs() - cpu0, stdout });
    });
  });
}

/** The run with the least wall time, and the least CPU seen over the runs (they may differ). */
export async function bestProcess(runs: number, command: string, args: string[], envChanges: EnvChanges = {}): Promise<ProcessTiming> {
  let best: ProcessTiming | undefined;
  let leastCpuMs = Infinity;
  for (let run = 0; run < runs; run++) {
    const timing = await timeProcess(command, args, envChanges);
    leastCpuMs = Math.min(leastCpuMs, timing.cpuMs);
    if (!best || timing.wallMs < best.wallMs) best = timing;
  }
  return { ...best!, cpuMs: leastCpuMs };
}
