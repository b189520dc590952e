// Starts a real InfluxDB 1.x (/usr/bin/influxd) for one test file: a generated config in a temp
// folder (meta, data and wal inside it), HTTP and RPC bound to free 127.0.0.1 ports, reporting
// and self-monitoring off. Several test files may run one each in parallel. restart() keeps the
// folder and the port, as a database restart in the night would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const INFLUXD_BIN = process.env.CRAMPWATCH_INFLUXD ?? '/usr/bin/influxd';

export interface InfluxdOptions {
  /** turn on HTTP auth and create an admin user (returned as `admin`) */
  authEnabled?: boolean;
}

export interface Influxd {
  url: string;
  host: string;
  port: number;
  dir: string;
  /** set when authEnabled */
  admin?: { username: string; password: string };
  /** SIGTERM, wait, then remove the folder */
  stop(): Promise<void>;
  /** SIGKILL, keeping the folder (restart() brings it back) */
  kill(): void;
  /** stop (if running) and start again on the same port and folder */
  restart(): Promise<void>;
}

function configText(dir: string, httpPort: number, rpcPort: number, authEnabled: boolean): string {
  return `reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  # small caches: tests write little, and two cores are shared by everyone
  cache-max-memory-size = 67108864
  cache-snapshot-memory-size = 8388608

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = ${authEnabled}
  log-enabled = false
  pprof-enabled = false

[logging]
  level = "warn"
  suppress-logo = true

[continuous_queries]
  enabled = false
`;
}

async function ping(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 204;
  } catch {
    return false;
  }
}

export async function startInfluxd(options: InfluxdOptions = {}): Promise<Influxd> {
  const authEnabled = options.authEnabled ?? false;
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-influxd-'));
  const configPath = join(dir, 'influxdb.conf');
  let httpPort = 0;
  let child: ChildProcess | undefined;
  let stderr = '';

  // Starts influxd and waits for /ping; false when it exited first (a port taken between
  // freePort() and influxd's bind, the race free ports always have).
  const launch = async (): Promise<boolean> => {
    const url = `http://127.0.0.1:${httpPort}`;
    stderr = '';
    const running = spawn(INFLUXD_BIN, ['run', '-config', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = running;
    running.stderr?.setEncoding('utf8');
    running.stderr?.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (running.exitCode !== null || running.signalCode !== null) return false;
      if (await ping(url)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    running.kill('SIGKILL');
    throw new Error(`influxd did not answer /ping on ${url} within 30 s: ${stderr}`);
  };

  const stopChild = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };

  let started = false;
  for (let attempt = 0; attempt < 5 && !started; attempt++) {
    httpPort = await freePort();
    const rpcPort = await freePort();
    await writeFile(configPath, configText(dir, httpPort, rpcPort, authEnabled));
    started = await launch();
  }
  if (!started) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`influxd would not start: ${stderr}`);
  }
  const url = `http://127.0.0.1:${httpPort}`;

  let admin: Influxd['admin'];
  if (authEnabled) {
    // InfluxDB 1.x lets anyone create the first admin user while none exists.
    admin = { username: 'admin', password: 'test-admin-password' };
    const q = `CREATE USER "${admin.username}" WITH PASSWORD '${admin.password}' WITH ALL PRIVILEGES`;
    const res = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
    if (res.status !== 200) throw new Error(`could not create the admin user: ${res.status} ${await res.text()}`);
  }

  return {
    url,
    host: '127.0.0.1',
    port: httpPort,
    dir,
    admin,
    stop: async () => {
      await stopChild('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => {
      child?.kill('SIGKILL');
    },
    restart: async () => {
      await stopChild('SIGTERM');
      // a SIGKILLed influxd may still be exiting: wait for it before binding the port again
      if (child && child.exitCode === null && child.signalCode === null) {
        await new Promise((resolve) => child!.once('exit', resolve));
      }
      if (!(await launch())) throw new Error(`influxd did not come back on port ${httpPort}: ${stderr}`);
    },
  };
}
