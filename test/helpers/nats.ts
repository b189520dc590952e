// Starts real nats-server processes on free ports with temporary JetStream folders: one node, or
// a 3-node cluster (routes on loopback), each with its MQTT listener and crampwatch's subject
// mappings (serverMappings(), as deploy/nats/ has them). Nodes can be killed (SIGKILL), started
// again on the same ports and folders, or all restarted. With `authConf` (what
// deploy/nats/write-auth.sh writes) the nodes include it as the shipped nats.conf does, and the
// helper itself logs in as `login`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { serverMappings } from '../../src/adapters/nats/topology.ts';
import { freePort } from './free-port.ts';
import { until } from './until.ts';

export interface NatsNode {
  name: string;
  url: string;
  mqttUrl: string;
  running(): boolean;
  /** the last lines it logged */
  log(): string;
  kill(): Promise<void>;
  start(): Promise<void>;
}

export interface NatsCluster {
  nodes: NatsNode[];
  /** every node's client URL, comma-separated, as CRAMPWATCH_NATS_URL takes them */
  url: string;
  dir: string;
  /** until JetStream answers (a meta leader elected) */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = process.env.NATS_SERVER ?? 'nats-server';

export interface NatsOptions {
  nodes?: 1 | 3;
  partitions?: number;
  /** users and rights (an auth.conf from deploy/nats/write-auth.sh), included by every node */
  authConf?: string;
  /** the helper's own login when authConf is set (the workers') */
  login?: { user: string; pass: string };
}

export async function startNats(options: NatsOptions = {}): Promise<NatsCluster> {
  // a port free when chosen may be bound by another of the suite's servers before this one binds
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchCluster(options);
    } catch (error) {
      if (attempt === 3 || !String(error).includes('address already in use')) throw error;
    }
  }
}

async function launchCluster(options: NatsOptions): Promise<NatsCluster> {
  const count = options.nodes ?? 1;
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-nats-'));
  if (options.authConf !== undefined) await writeFile(join(dir, 'auth.conf'), options.authConf, { mode: 0o600 });
  const ports = await Promise.all(Array.from({ length: count }, async () => ({ client: await freePort(), mqtt: await freePort(), cluster: await freePort() })));
  const children = new Map<string, ChildProcess>();
  const logs = new Map<string, string>();
  const nodes: NatsNode[] = ports.map((port, index) => {
    const name = `n${index + 1}`;
    const configPath = join(dir, `${name}.conf`);
    const routes = ports.filter((_, other) => other !== index).map((p) => `nats-route://127.0.0.1:${p.cluster}`);
    const config = [
      `server_name: ${name}`,
      `listen: 127.0.0.1:${port.client}`,
      `jetstream { store_dir: "${join(dir, name)}", max_file_store: 2G, max_memory_store: 256M }`,
      // stream_replicas set: left to itself, 2.9 sizes its $MQTT_ streams by the peers it knows when the
      // first MQTT client comes (seen: 2 of 3), and then one node down leaves them without quorum
      `mqtt { listen: 127.0.0.1:${port.mqtt}${count > 1 ? `, stream_replicas: ${count}` : ''} }`,
      ...(count > 1 ? [`cluster { name: crampwatch, listen: 127.0.0.1:${port.cluster}, routes: [${routes.join(', ')}] }`] : []),
      serverMappings(options.partitions),
      ...(options.authConf !== undefined ? ['include ./auth.conf'] : []),
    ].join('\n');
    const start = async () => {
      await mkdir(join(dir, name), { recursive: true });
      await writeFile(configPath, config);
      const child = spawn(BINARY, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
      logs.set(name, '');
      child.stderr!.on('data', (text: Buffer) => logs.set(name, (logs.get(name)! + text.toString()).slice(-20_000)));
      children.set(name, child);
      await until(async () => {
        if (child.exitCode !== null) throw new Error(`nats-server ${name} exited: ${logs.get(name)}`);
        return logs.get(name)!.includes('Server is ready');
      }, 20_000, `nats-server ${name} ready`);
    };
    return {
      name,
      url: `nats://127.0.0.1:${port.client}`,
      mqttUrl: `mqtt://127.0.0.1:${port.mqtt}`,
      running: () => {
        const child = children.get(name);
        return !!child && child.exitCode === null && child.signalCode === null;
      },
      log: () => logs.get(name) ?? '',
      kill: async () => stopChild(children.get(name), 'SIGKILL'),
      start,
    };
  });
  await Promise.all(nodes.map((node) => node.start())).catch(async (error) => {
    await Promise.all([...children.values()].map((child) => stopChild(child, 'SIGKILL')));
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const url = nodes.map((node) => node.url).join(',');
  const cluster: NatsCluster = {
    nodes,
    url,
    dir,
    ready: async () => {
      const nc = await connect({ servers: nodes.filter((n) => n.running()).map((n) => n.url), ...options.login });
      try {
        const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 2000 });
        await until(() => jsm.getAccountInfo().then(() => true, () => false), 30_000, 'JetStream ready');
        // every node known to the meta group: a stream can be placed on all of them
        const replicas = nodes.filter((n) => n.running()).length;
        await until(
          () => jsm.streams.add({ name: 'READY_PROBE', subjects: ['ready.probe'], num_replicas: replicas, storage: StorageType.Memory }).then(() => jsm.streams.delete('READY_PROBE')).then(() => true, () => false),
          30_000,
          `JetStream placing on ${replicas} nodes`,
        );
      } finally {
        await nc.close();
      }
    },
    stop: async () => {
      await Promise.all([...children.values()].map((child) => stopChild(child, 'SIGTERM')));
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.ready();
  } catch (error) {
    await cluster.stop(); // never leave servers behind a failed start
    throw error;
  }
  return cluster;
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
