// A crampwatch NATS worker in a process of its own, for the scale-out tests (real SIGKILLs).
// Every frame its cores are handed is appended to FRAMES_FILE ("device seq ms", ms the wall
// clock then: bench/scale.ts measures delays with it), synchronously,
// before the partition's checkpoint can cover it: whatever a checkpoint says processed, the
// file shows. Episodes go out on NATS as in production; the tests subscribe there.
// Usage: node --import tsx worker-process.ts NATS_URL DATA_DIR FRAMES_FILE WORKER_NAME REPLICAS
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { LocalStore } from '../../../src/adapters/local-store.ts';
import { createDeviceCore } from '../../../src/app/core-factory.ts';
import { startNatsWorker } from '../../../src/app/nats/worker.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';

const [natsUrl, dataDir, framesFile, worker, replicas] = process.argv.slice(2);
const config = loadConfig({}, { natsUrl, dataDir, natsWorker: worker, natsReplicas: replicas ?? '3', natsFramesMaxBytes: String(256 * 1024 * 1024) });
// WORKER_LOG_DIR: each worker's log in a file of its own there (its stderr may be cut short by the test runner)
const logger = process.env.WORKER_LOG_DIR
  ? pino({ name: worker, level: process.env.WORKER_LOG_LEVEL ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: join(process.env.WORKER_LOG_DIR, `${worker}.log`), sync: true, append: true }))
  : createLogger({ level: process.env.WORKER_LOG_LEVEL ?? 'warn', name: worker });
const running = await startNatsWorker({
  config,
  store: new LocalStore(join(dataDir, 'store')),
  logger,
  createCore: createDeviceCore,
  onFrame: (device, seq) => appendFileSync(framesFile, `${device} ${seq} ${Date.now()}\n`),
  renewEveryMs: Number(process.env.RENEW_EVERY_MS ?? 3000),
});
process.stdout.write('ready\n');
const report = setInterval(() => process.stdout.write(`owned ${running.owned().join(',')}\nbridge ${JSON.stringify(running.bridge())}\n`), 500);
process.once('SIGTERM', () => {
  clearInterval(report);
  void running.stop().then(() => process.exit(0));
});
