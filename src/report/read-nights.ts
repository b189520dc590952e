// Where nights are read from: a local store folder or an InfluxDB 1.x database. The report and
// `crampwatch summary` both read through here, so both see the same nights.
import { readLocalStore } from '../adapters/local-store.ts';
import type { ReportSelection, StoreContents } from './assemble.ts';
import type { InfluxSource } from './from-influx.ts';
import { redactedUrl } from '../redacted-url.ts';

export interface NightSource {
  /** a local store folder (the embedded default's, e.g. `.crampwatch/store`) */
  store?: string;
  /** or an InfluxDB 1.x database */
  influx?: InfluxSource;
}

export async function readNights(source: NightSource, selection: ReportSelection): Promise<StoreContents> {
  if (source.store) return readLocalStore(source.store);
  if (source.influx) {
    // loaded only when asked for: the influx client is the heaviest module a report needs
    const { readInfluxNights } = await import('./from-influx.ts');
    return readInfluxNights(source.influx, selection);
  }
  throw new TypeError('nights are read from a store folder or an InfluxDB; neither was given');
}

/** The source in words for messages, without a password. */
export function describeNightSource(source: NightSource): string {
  return source.influx ? `InfluxDB at ${redactedUrl(source.influx.url)}` : `the store at ${source.store}`;
}
