// The diary's agreement as flat fields of the `night_summary` measurement (docs/influx-schema.md).
// Written through NightStore.record(), so every number is a float there. Readers recompute the
// agreement from the stored diary and episodes (src/report/diary-of-nights.ts) rather than read these.
import type { DiaryCounts } from './types.ts';

export function diaryCountFields(d: DiaryCounts): Record<string, number | string> {
  return {
    diary_noted: d.noted,
    diary_found: d.found,
    diary_missed: d.missed,
    diary_unfelt: d.unfelt,
    diary_missed_at: JSON.stringify(d.missedAt),
  };
}

