// The wearer's time zone as the pipeline stored it with their latest night (the profile's `tz`,
// PROTOCOL §10.3): the default zone of the report and of `crampwatch summary`, so that the times
// a wearer reads are their own without a --tz.
import type { StoredRecord } from '../adapters/local-store.ts';
import { isValidTimeZone } from './time-zone.ts';

/** The `tz` of the latest stored night summary (of `device`, when given); undefined when none says. */
export function storedTimeZone(records: readonly StoredRecord[], device?: string): string | undefined {
  let latest: StoredRecord | undefined;
  for (const r of records) {
    if (r.measurement !== 'night_summary' || typeof r.fields.tz !== 'string') continue;
    if (device !== undefined && r.tags.device !== device) continue;
    if (!latest || r.tMs >= latest.tMs) latest = r;
  }
  const tz = latest?.fields.tz as string | undefined;
  return tz !== undefined && isValidTimeZone(tz) ? tz : undefined;
}
