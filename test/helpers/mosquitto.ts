// Starts a real mosquitto on a free port with a temporary config and persistence folder, for
// one test file. restart() keeps the persistence folder, as a broker restart in the night would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface MosquittoOptions {
  /** extra lines for mosquitto.conf (password_file, acl_file, …) */
  extraConfig?: string[];
  /** allow anonymous clients (default true unless extraConfig sets auth) */
  allowAnonymous?: boolean;
}

export interface Mosquitto {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  kill(): Promise<void>;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-mosquitto-'));
  const port = await freePort();
  const config = [
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${options.allowAnonymous ?? true}`,
    'persistence true',
    `persistence_location ${dir}/`,
    'autosave_interval 1',
    // Mosquitto drops QoS 1 messages beyond 1000 queued per client by default: never here.
    'max_queued_messages 0',
    'max_inflight_messages 100',
    'log_dest stderr',
    'log_type error',
    // Started as root, mosquitto drops to the `mosquitto` user and then cannot write its
    // persistence file in our root-owned temp folder: restart() would silently lose every
    // session. Staying root keeps the folder writable (tests only; deploy/ runs it unprivileged).
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    ...(options.extraConfig ?? []),
  ];
  const configPath = join(dir, 'mosquitto.conf');
  await writeFile(configPath, config.join('\n') + '\n');
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('mosquitto', ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.resume();
    await waitForPort(port, 10_000);
  };
  const stopChild = async (signal: NodeJS.Signals) => {
    const running = child;
    // a killed child has a signalCode and no exitCode: it is gone too (waiting for its exit would hang)
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dir,
    stop: async () => {
      await stopChild('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopChild('SIGTERM');
      await launch();
    },
    kill: async () => stopChild('SIGKILL'),
  };
}
