// The frame bridges of some partitions in a process of their own, without the partitions'
// leases or runners: what a worker's bridges cost, for bench/bridge.ts. Prints "ready", then its
// bridges' counts each 200 ms ("counts {...}"); SIGTERM stops them.
// Usage: node --import tsx bench/bridge-process.ts NATS_URL PARTITIONS (comma separated)
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { PartitionBridge, noBridgeCounters } from '../src/app/nats/frame-bridge.ts';
import { createLogger } from '../src/log.ts';

const [url, list] = process.argv.slice(2);
const nc = await connect({ servers: url.split(','), maxReconnectAttempts: -1 });
const [js, jsm] = [jetstream(nc, { timeout: 10_000 }), await jetstreamManager(nc, { timeout: 10_000 })];
const counters = noBridgeCounters();
const logger = createLogger({ level: 'warn', name: 'bench-bridge' });
const bridges = list.split(',').map(Number).map((partition) => new PartitionBridge({ nc, js, jsm, partition, logger, counters }));
process.stdout.write('ready\n');
const report = setInterval(() => process.stdout.write(`counts ${JSON.stringify(counters)}\n`), 200);
process.once('SIGTERM', () => {
  clearInterval(report);
  void Promise.all(bridges.map((b) => b.stop(true))).then(async () => {
    process.stdout.write(`counts ${JSON.stringify(counters)}\n`);
    await nc.drain();
    process.exit(0);
  });
});
