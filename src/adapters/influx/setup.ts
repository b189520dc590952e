// Creates the database and its retention policies, idempotently, before the first write (and
// again after a "database not found"). `signals` keeps the downsampled signal points for an
// operator-set time; everything else goes to `autogen`, kept forever.
import type { InfluxDB } from 'influx';
import { RETENTION } from './schema.ts';

/** "30d", "12w", "48h", "INF": the forms `CRAMPWATCH_SIGNAL_RETENTION` accepts. */
export const RETENTION_DURATION = /^(INF|\d+[hdw])$/;

/** How InfluxDB prints a duration in SHOW RETENTION POLICIES ("720h0m0s", "0s" for INF). */
export function influxDurationText(duration: string): string {
  if (duration === 'INF') return '0s';
  const amount = Number(duration.slice(0, -1));
  const hours = amount * { h: 1, d: 24, w: 168 }[duration.slice(-1) as 'h' | 'd' | 'w'];
  return `${hours}h0m0s`;
}

/** Retention shorter than an hour is refused by InfluxDB 1.x ("retention policy duration must be at least 1h0m0s"). */
export function validRetention(duration: string): boolean {
  return RETENTION_DURATION.test(duration) && (duration === 'INF' || Number(duration.slice(0, -1)) > 0);
}

export interface SetupResult {
  createdDatabase: boolean;
  /** what was done to the signals policy */
  signals: 'created' | 'altered' | 'kept';
}

export async function ensureDatabase(influx: InfluxDB, database: string, signalRetention: string): Promise<SetupResult> {
  const existing = await influx.getDatabaseNames();
  const createdDatabase = !existing.includes(database);
  // CREATE DATABASE is idempotent in 1.x, but needs admin rights: skip it when not needed, so a
  // pipeline user with only write and read rights works on a prepared database
  if (createdDatabase) await influx.createDatabase(database);
  const policies = await influx.showRetentionPolicies(database);
  if (!policies.some((p) => p.name === RETENTION.forever)) {
    await influx.createRetentionPolicy(RETENTION.forever, { database, duration: 'INF', replication: 1, isDefault: !policies.some((p) => p.default) });
  }
  const signals = policies.find((p) => p.name === RETENTION.signals);
  const duration = signalRetention;
  if (!signals) {
    await influx.createRetentionPolicy(RETENTION.signals, { database, duration, replication: 1 });
    return { createdDatabase, signals: 'created' };
  }
  if (signals.duration !== influxDurationText(duration)) {
    await influx.alterRetentionPolicy(RETENTION.signals, { database, duration, replication: 1 });
    return { createdDatabase, signals: 'altered' };
  }
  return { createdDatabase, signals: 'kept' };
}
