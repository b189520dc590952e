// Every setting of `crampwatch run`, with its default beside it, read once from the environment
// (and command-line flags), validated, then frozen. A bad setting stops the start with a
// message naming the setting.
import { z } from 'zod';

const durationPattern = /^(INF|\d+[hdw])$/;

export const configSchema = z.object({
  mqttUrl: z.string().url().default('mqtt://127.0.0.1:1883'),
  mqttUsername: z.string().optional(),
  mqttPassword: z.string().optional(),
  mqttProtocol: z.coerce.number().pipe(z.union([z.literal(4), z.literal(5)])).default(5),
  mqttClientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('crampwatch-pipeline'),
  /** PEM file of the CA that signed the broker's certificate, for an mqtts:// URL (deploy/README.md, TLS);
   *  without it, mqtts:// trusts Node's built-in public CAs */
  mqttCaFile: z.string().min(1).optional(),
  /** without it, episodes and signals go to the local store in dataDir */
  influxUrl: z.string().url().optional(),
  influxDatabase: z.string().regex(/^[A-Za-z0-9_]{1,64}$/).default('crampwatch'),
  influxUsername: z.string().optional(),
  influxPassword: z.string().optional(),
  /** how long downsampled signals are kept (InfluxDB duration); episodes are kept forever */
  signalRetention: z.string().regex(durationPattern, 'an InfluxDB duration such as 30d, 12w or INF').default('30d'),
  dataDir: z.string().min(1).default('.crampwatch'),
  spoolDir: z.string().min(1).optional(),
  /** dead-letter file size cap; beyond it the oldest half is rotated out to .1 */
  deadLetterMaxBytes: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** NATS JetStream server(s), comma-separated: run as one of many workers (docs/scale-out.md); without it, one process on MQTT */
  natsUrl: z.string().regex(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, 'nats://HOST:4222, or several comma-separated').optional(),
  natsUsername: z.string().optional(),
  natsPassword: z.string().optional(),
  /** this worker's name among the workers (default: host name and process id) */
  natsWorker: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).optional(),
  /** copies of each stream and bucket: 3 in a cluster, so an acknowledged frame survives a node's loss; 1 for one server */
  natsReplicas: z.coerce.number().int().min(1).max(5).default(3),
  /** the frames stream's size bound (bytes); at least an hour of every sensor's frames (docs/scale-out.md) */
  natsFramesMaxBytes: z.coerce.number().int().positive().default(64 * 1024 ** 3),
}).refine((config) => config.mqttCaFile === undefined || /^(mqtts|wss):/.test(config.mqttUrl), {
  path: ['mqttCaFile'],
  message: 'a CA file is for a TLS connection: make the broker URL mqtts://HOST:8883',
});

export type Config = Readonly<z.infer<typeof configSchema>>;

const ENV_NAMES: Record<keyof z.infer<typeof configSchema>, string> = {
  mqttUrl: 'CRAMPWATCH_MQTT_URL',
  mqttUsername: 'CRAMPWATCH_MQTT_USERNAME',
  mqttPassword: 'CRAMPWATCH_MQTT_PASSWORD',
  mqttProtocol: 'CRAMPWATCH_MQTT_PROTOCOL',
  mqttClientId: 'CRAMPWATCH_MQTT_CLIENT_ID',
  mqttCaFile: 'CRAMPWATCH_MQTT_CA_FILE',
  influxUrl: 'CRAMPWATCH_INFLUX_URL',
  influxDatabase: 'CRAMPWATCH_INFLUX_DATABASE',
  influxUsername: 'CRAMPWATCH_INFLUX_USERNAME',
  influxPassword: 'CRAMPWATCH_INFLUX_PASSWORD',
  signalRetention: 'CRAMPWATCH_SIGNAL_RETENTION',
  dataDir: 'CRAMPWATCH_DATA_DIR',
  spoolDir: 'CRAMPWATCH_SPOOL_DIR',
  deadLetterMaxBytes: 'CRAMPWATCH_DEAD_LETTER_MAX_BYTES',
  logLevel: 'LOG_LEVEL',
  natsUrl: 'CRAMPWATCH_NATS_URL',
  natsUsername: 'CRAMPWATCH_NATS_USERNAME',
  natsPassword: 'CRAMPWATCH_NATS_PASSWORD',
  natsWorker: 'CRAMPWATCH_NATS_WORKER',
  natsReplicas: 'CRAMPWATCH_NATS_REPLICAS',
  natsFramesMaxBytes: 'CRAMPWATCH_NATS_FRAMES_MAX_BYTES',
};

export class ConfigError extends Error {}

/** Settings from the environment, overridden by explicit values (flags). */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]) as keyof Config;
    throw new ConfigError(`bad setting ${ENV_NAMES[key] ?? key}: ${issue.message}`);
  }
  return Object.freeze(parsed.data);
}
