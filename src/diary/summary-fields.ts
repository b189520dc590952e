// The diary's agreement as flat fields of the `night_summary` measurement (docs/influx-schema.md),
// and back. Written through NightStore.record(), so every number is a float there.
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

/** The counts from a stored record's fields, when it has them. */
export function diaryCountsOfFields(fields: Record<string, unknown>): DiaryCounts | undefined {
  const n = (name: string) => (typeof fields[name] === 'number' && Number.isFinite(fields[name]) ? (fields[name] as number) : undefined);
  const noted = n('diary_noted');
  const found = n('diary_found');
  const missed = n('diary_missed');
  const unfelt = n('diary_unfelt');
  if (noted === undefined || found === undefined || missed === undefined || unfelt === undefined) return undefined;
  let missedAt: number[] = [];
  try {
    const parsed: unknown = JSON.parse(String(fields.diary_missed_at ?? '[]'));
    if (Array.isArray(parsed)) missedAt = parsed.filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
  } catch {
    // a damaged list only loses the times, not the counts
  }
  return { noted, found, missed, unfelt, missedAt };
}
