// The `influx` client (InfluxDB 1.x HTTP API) configured for the store: schema declared once,
// no retries or host backoff of its own (the store retries with jitter and spools instead, and
// the client's own backoff would keep a recovered database "disabled" for up to 10 s).
import { InfluxDB, type IPoolOptions } from 'influx';
import { SCHEMA } from './schema.ts';

export interface InfluxClientOptions {
  url: string;
  database: string;
  username?: string;
  password?: string;
  requestTimeoutMs?: number;
}

type BackoffStrategy = NonNullable<IPoolOptions['backoff']>;
const NO_HOST_BACKOFF: BackoffStrategy = {
  getDelay: () => 0,
  next: () => NO_HOST_BACKOFF,
  reset: () => NO_HOST_BACKOFF,
};

export function createInfluxClient(options: InfluxClientOptions): InfluxDB {
  const url = new URL(options.url);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return new InfluxDB({
    hosts: [
      {
        host: url.hostname,
        port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 8086,
        protocol,
        path: url.pathname === '/' ? undefined : url.pathname,
      },
    ],
    database: options.database,
    username: options.username ?? (url.username ? decodeURIComponent(url.username) : undefined),
    password: options.password ?? (url.password ? decodeURIComponent(url.password) : undefined),
    schema: SCHEMA.map((s) => ({ ...s, database: options.database })),
    pool: { maxRetries: 0, requestTimeout: options.requestTimeoutMs ?? 10_000, backoff: NO_HOST_BACKOFF },
  });
}
