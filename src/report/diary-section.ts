// The night's diary beside the sensor, in the wearer's words (src/diary/words.ts).
import { diaryWords } from '../diary/words.ts';
import { html, type Html } from './escape.ts';
import type { ReportNight } from './model.ts';
import type { ZonedClock } from './time-zone.ts';

export function renderDiary(night: ReportNight, clock: ZonedClock): Html {
  const diary = night.summary.diary;
  if (!diary) return html``;
  return html`<section class="diary"><h4>Your diary</h4><p>${diaryWords(diary, night.summary, (ms) => clock.hhmm(ms))}</p></section>`;
}
