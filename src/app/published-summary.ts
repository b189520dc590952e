// What `crampwatch run` publishes, retained, on crampwatch/v1/{id}/summary when a night ends: the
// PROTOCOL §10.2 night summary, plus the fuller summary the companion app already reads (posture
// minutes, advice, the day before, …) and the doctor flag's reasons in words.
import type { EndedNight } from './nights.ts';

export function publishedSummary({ summary, flag, record, timeZone }: EndedNight): Record<string, unknown> {
  return {
    ...summary,
    ...record,
    tz: timeZone,
    // §10.2's `reasons` are codes; the sentences a wearer reads stay beside them
    doctor: { ...record.doctor, words: flag.reasons, nights_considered: flag.nightsConsidered },
  };
}
