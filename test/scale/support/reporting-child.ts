// A TypeScript script run as a child process (a worker, a bench's bridges) that reports on its
// stdout one line at a time: "ready" once it is up, and whatever else its caller reads.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ReportingChild {
  child: ChildProcess;
  /** Sends the signal and waits for the exit; at once if it has already exited. */
  exit(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `script` with `args` in `cwd`; resolves on its "ready" line, rejects if it exits first. */
export async function startReportingChild(label: string, script: string, args: string[], cwd: string, onLine: (line: string) => void): Promise<ReportingChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready, failed) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') ready();
      onLine(line);
    });
    child.once('exit', (code) => failed(new Error(`${label} exited early (${code})`)));
  });
  const exit = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    return exited;
  };
  return { child, exit };
}
