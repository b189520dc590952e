// The morning report: one self-contained HTML page (inline CSS and SVG, no scripts, no fonts,
// no network), readable on a phone and printable. Pure: the same input gives the same page.
import { renderCrampCard } from './cramp-card.ts';
import { renderDiary } from './diary-section.ts';
import { renderDoctorFlag } from './doctor-section.ts';
import { html, trusted, type Html } from './escape.ts';
import type { ReportInput, ReportNight } from './model.ts';
import { renderNightSummary } from './night-summary.ts';
import { renderRange } from './range-table.ts';
import { STYLES } from './styles.ts';
import { cardId, renderTimeline } from './timeline.ts';
import { ZonedClock } from './time-zone.ts';
import { durationWords, plural } from './words.ts';

/**
 * The page forbids itself every fetch: a report opened from a mail attachment or a USB stick
 * must never call home, and a stray URL in the data cannot load anything (CSP Level 3 default-src).
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderReport(input: ReportInput): string {
  const clock = new ZonedClock(input.timeZone);
  const nights = input.nights;
  const title = input.title ?? defaultTitle(nights);
  const wearers = [...new Set(nights.map((n) => n.wearer).filter((w): w is string => !!w))];
  const devices = [...new Set(nights.map((n) => n.device))];
  const cramps = nights.reduce((sum, n) => sum + n.summary.cramps, 0);
  const dates = new Set(nights.map((n) => n.nightDate)).size;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
<main>
<header>
  <h1>${title}</h1>
  <p class="sub">${[
    wearers.length ? `Wearer ${wearers.join(', ')}` : '',
    devices.length ? `sensor ${devices.join(', ')}` : '',
    `${plural(cramps, 'cramp')} in ${plural(dates, 'night')}`,
    `times in ${input.timeZone}`,
  ]
    .filter(Boolean)
    .join(' · ')}</p>
</header>
${renderDoctorFlag(input.doctorFlag, dates)}
${dates > 1 ? renderRange(nights) : ''}
${nights.length ? nights.map((n) => renderNight(n, clock, nights.some((o) => o !== n && o.nightDate === n.nightDate))) : html`<section class="card"><p>No recorded nights here.</p></section>`}
<footer>
  <p>crampwatch shows <em>possible</em> causes from the sensor and what you logged. It is not a diagnosis and does not replace a doctor.</p>
  ${input.generatedAtMs !== undefined ? html`<p>Made ${clock.isoDate(input.generatedAtMs)} ${clock.hhmm(input.generatedAtMs)}.</p>` : ''}
</footer>
</main>
</body>
</html>
`;
  return page.text;
}

function renderNight(night: ReportNight, clock: ZonedClock, otherLegToo: boolean): Html {
  const leg = night.episodes.find((e) => e.leg)?.leg;
  return html`<section class="night" id="night-${night.nightDate}-${night.device}">
  <header>
    <h2>Night of ${ZonedClock.nightWords(night.nightDate)}${otherLegToo && leg ? html`, ${leg} leg` : otherLegToo ? html`, ${night.device}` : ''}</h2>
    <p>${clock.hhmm(night.fromMs)} – ${clock.hhmm(night.toMs)}${night.summary.recordedMs ? html` (${durationWords(night.summary.recordedMs / 1000)} recorded)` : ''} · sensor ${night.device}${leg ? html` · ${leg} leg` : ''}</p>
  </header>
  ${night.signals.length ? renderTimeline(night, clock) : ''}
  ${renderNightSummary(night.summary)}
  ${renderDiary(night, clock)}
  <h3>${night.episodes.length ? plural(night.episodes.length, 'cramp') : 'No cramps'}</h3>
  ${
    night.episodes.length
      ? html`<div class="cramps">${night.episodes.map((e, i) => renderCrampCard(e, i + 1, cardId(night, i + 1), clock))}</div>`
      : html`<p class="none">No cramp was found this night.</p>`
  }
</section>`;
}

function defaultTitle(nights: readonly ReportNight[]): string {
  if (nights.length === 0) return 'crampwatch report';
  const dates = [...new Set(nights.map((n) => n.nightDate))].sort();
  if (dates.length === 1) return `Night of ${ZonedClock.nightWords(dates[0])}`;
  return `Nights of ${ZonedClock.nightWords(dates[0])} to ${ZonedClock.nightWords(dates[dates.length - 1])}`;
}
