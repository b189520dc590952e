// The live pipeline in a process of its own, for crash tests (SIGKILL). Its cores append every
// frame they are fed to a file, synchronously, before the handler returns and so before MQTT.js
// acknowledges the message: whatever the broker saw acknowledged, the file shows processed.
// With CORE=detector it runs the real detector instead (SEQ_FILE unused).
// Usage: node --import tsx pipeline-process.ts BROKER_URL DATA_DIR SEQ_FILE CLIENT_ID [CORE]
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStore } from '../../../src/adapters/local-store.ts';
import { startLivePipeline } from '../../../src/app/live.ts';
import { createDeviceCore } from '../../../src/app/core-factory.ts';
import { loadConfig } from '../../../src/config.ts';
import type { DeviceCoreFactory } from '../../../src/core/device-core.ts';
import { silentLogger } from '../../../src/log.ts';
import { emptyNightStats } from '../../helpers/counting-core.ts';

const [url, dataDir, seqFile, clientId, coreName] = process.argv.slice(2);
const appending: DeviceCoreFactory = (device) => ({
  device,
  setProfile: () => {},
  addContext: () => {},
  pushFrame: (frame) => appendFileSync(seqFile, `${device} ${frame.seq}\n`),
  markGap: () => {},
  finish: () => {},
  nightStats: () => emptyNightStats(device),
});
const factory = coreName === 'detector' ? createDeviceCore : appending;
const config = loadConfig({}, { mqttUrl: url, dataDir, mqttClientId: clientId });
const pipeline = await startLivePipeline({ config, store: new LocalStore(join(dataDir, 'store')), logger: silentLogger(), createCore: factory });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void pipeline.stop().then(() => process.exit(0));
});
