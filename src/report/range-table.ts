// Several nights side by side: cramps per night as bars, then the table (longest, worst, causes).
// On a phone the table's rows become small cards (each cell labelled), the usual responsive table.
import { html, type Html } from './escape.ts';
import type { ReportNight } from './model.ts';
import { ZonedClock } from './time-zone.ts';
import { CAUSE_WORDS, durationWords, SEVERITY_WORDS } from './words.ts';

/** beyond this many bars, only every n-th day is labelled, or the labels overlap on a phone */
const LABELLED_BARS = 14;

export function renderRange(nights: readonly ReportNight[]): Html {
  const maxCramps = Math.max(1, ...nights.map((n) => n.summary.cramps));
  const labelEvery = Math.ceil(nights.length / LABELLED_BARS);
  const severalDevices = nights.some((o) => o.device !== nights[0].device);
  return html`<section class="range">
  <h2>${nights.length} nights</h2>
  <div class="bars" role="img" aria-label="Cramps per night">${nights.map((n, i) => {
    const h = (n.summary.cramps / maxCramps) * 100;
    const label = i % labelEvery === 0 ? n.nightDate.slice(8) : '';
    return html`<div class="bar-col" title="${n.nightDate}: ${n.summary.cramps}"><span class="count">${labelEvery === 1 ? n.summary.cramps : ''}</span><i class="${n.summary.worstSeverity ? `sev-${n.summary.worstSeverity}` : ''}" style="height:${h.toFixed(1)}%"></i><span class="day">${label}</span></div>`;
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
