// Several nights side by side: cramps per night as bars, then the table (longest, worst, causes).
// On a phone the table's rows become small cards (each cell labelled), the usual responsive table.
import { html, type Html } from './escape.ts';
import type { ReportNight } from './model.ts';
import { ZonedClock } from './time-zone.ts';
import type { Severity } from '../core/types.ts';
import { CAUSE_WORDS, durationWords, SEVERITY_WORDS, worseSeverity } from './words.ts';

/** beyond this many bars, only every n-th day is labelled, or the labels overlap on a phone */
const LABELLED_BARS = 14;

export function renderRange(nights: readonly ReportNight[]): Html {
  const dates = perDate(nights);
  const maxCramps = Math.max(1, ...dates.map((d) => d.cramps));
  const labelEvery = Math.ceil(dates.length / LABELLED_BARS);
  const severalDevices = nights.some((o) => o.device !== nights[0].device);
  return html`<section class="range">
  <h2>${dates.length} nights</h2>
  <div class="bars" role="img" aria-label="Cramps per night">${dates.map((d, i) => {
    const h = (d.cramps / maxCramps) * 100;
    const label = i % labelEvery === 0 ? d.nightDate.slice(8) : '';
    return html`<div class="bar-col" title="${d.nightDate}: ${d.cramps}"><span class="count">${labelEvery === 1 ? d.cramps : ''}</span><i class="${d.worst ? `sev-${d.worst}` : ''}" style="height:${h.toFixed(1)}%"></i><span class="day">${label}</span></div>`;
  })}</div>
  <div class="table-wrap"><table class="nights">
    <thead><tr><th>Night</th><th>Cramps</th><th>Longest</th><th>Worst</th><th>Possible causes</th></tr></thead>
    <tbody>${nights.map(
      (n) => html`<tr>
      <td class="night-cell"><a href="#night-${n.nightDate}-${n.device}">${ZonedClock.nightShortWords(n.nightDate)}</a>${severalDevices ? html` <small>${n.device}</small>` : ''}</td>
      <td class="num" data-label="Cramps">${n.summary.cramps}</td>
      <td data-label="Longest">${n.summary.cramps ? durationWords(n.summary.longestCrampS) : '–'}</td>
      <td data-label="Worst">${n.summary.worstSeverity ? html`<span class="badge sev-${n.summary.worstSeverity}">${SEVERITY_WORDS[n.summary.worstSeverity]}</span>` : '–'}</td>
      <td class="causes-cell" data-label="Possible causes">${n.summary.causesSeen.length ? n.summary.causesSeen.map((c) => `${CAUSE_WORDS[c.cause] ?? c.cause}${c.count > 1 ? ` ×${c.count}` : ''}`).join(', ') : '–'}</td>
    </tr>`,
    )}</tbody>
  </table></div>
</section>`;
}

/** Both legs of one night make one bar. */
function perDate(nights: readonly ReportNight[]): { nightDate: string; cramps: number; worst?: Severity }[] {
  const out: { nightDate: string; cramps: number; worst?: Severity }[] = [];
  for (const n of nights) {
    let last = out[out.length - 1];
    if (!last || last.nightDate !== n.nightDate) out.push((last = { nightDate: n.nightDate, cramps: 0 }));
    last.cramps += n.summary.cramps;
    if (n.summary.worstSeverity) last.worst = worseSeverity(last.worst, n.summary.worstSeverity);
  }
  return out;
}
