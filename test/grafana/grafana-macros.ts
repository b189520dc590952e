// Expands what Grafana substitutes into an InfluxQL query before sending it, so the dashboard
// files can be run against a real influxd: $timeFilter, $__interval, $__interval_ms,
// $__from/$__to, and template variables (a regex-context value of Grafana's InfluxDB data
// source: one value as is, several as (a|b), "All" as the variable's allValue).

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** Grafana's "nice" intervals (kbn.roundInterval), in ms. */
const NICE_MS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800].map((s) => s * 1000);

/** $__interval for a range: range / max data points, rounded up to a nice value, at least `minMs`. */
export function intervalMs(range: TimeRange, minMs: number, maxDataPoints = 1000): number {
  const raw = Math.max(minMs, (range.toMs - range.fromMs) / maxDataPoints);
  return NICE_MS.find((n) => n >= raw) ?? NICE_MS[NICE_MS.length - 1];
}

/** "10s", "1m", "1h", "1d" → ms */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new Error(`not a Grafana interval: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}

/** "now-12h" → ms, relative to `nowMs` */
export function relativeTimeMs(text: string, nowMs: number): number {
  if (text === 'now') return nowMs;
  const match = /^now-(\d+[smhdw])$/.exec(text);
  if (!match) throw new Error(`unsupported time: ${text}`);
  return nowMs - durationMs(match[1]);
}

function intervalText(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export type VariableValue = { all: true; allValue: string } | { values: string[] };

const escapeRegex = (value: string) => value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

export function expandQuery(query: string, range: TimeRange, interval: number, variables: Record<string, VariableValue>): string {
  let out = query
    .replace(/\$timeFilter/g, `time >= ${Math.round(range.fromMs)}ms and time <= ${Math.round(range.toMs)}ms`)
    .replace(/\$__interval_ms/g, String(interval))
    .replace(/\$__interval/g, intervalText(interval))
    .replace(/\$__from/g, String(Math.round(range.fromMs)))
    .replace(/\$__to/g, String(Math.round(range.toMs)));
  // longest names first, so $device never eats $device_type
  for (const name of Object.keys(variables).sort((a, b) => b.length - a.length)) {
    const value = variables[name];
    const text = 'all' in value ? value.allValue : value.values.length === 1 ? escapeRegex(value.values[0]) : `(${value.values.map(escapeRegex).join('|')})`;
    out = out.replace(new RegExp(`\\$\\{${name}\\}|\\[\\[${name}\\]\\]|\\$${name}\\b`, 'g'), text);
  }
  if (/\$\w/.test(out.replace(/\$tag_\w+|\$col/g, ''))) throw new Error(`unexpanded macro left in: ${out}`);
  return out;
}
