// Several nights side by side: cramps per night as bars, then the table (longest, worst, causes).
import { html, type Html } from './escape.ts';
import type { ReportNight } from './model.ts';
import { CAUSE_WORDS, durationWords, SEVERITY_WORDS } from './words.ts';

export function renderRange(nights: readonly ReportNight[]): Html {
  const maxCramps = Math.max(1, ...nights.map((n) => n.summary.cramps));
  return html`<section class="range">
  <h2>${nights.length} nights</h2>
  <div class="bars" role="img" aria-label="Cramps per night">${nights.map((n) => {
    const h = (n.summary.cramps / maxCramps) * 100;
    return html`<div class="bar-col" title="${n.nightDate}: ${n.summary.cramps}"><span class="count">${n.summary.cramps}</span><i class="${n.summary.worstSeverity ? `sev-${n.summary.worstSeverity}` : ''}" style="height:${h.toFixed(1)}%"></i><span class="day">${n.nightDate.slice(8)}</span></div>`;
  })}</div>
  <div class="table-wrap"><table>
    <thead><tr><th>Night</th><th>Cramps</th><th>Longest</th><th>Worst</th><th>Possible causes</th></tr></thead>
    <tbody>${nights.map(
      (n) => html`<tr>
      <td><a href="#night-${n.nightDate}-${n.device}">${n.nightDate}</a>${nights.some((o) => o.device !== n.device) ? html`<br><small>${n.device}</small>` : ''}</td>
      <td class="num">${n.summary.cramps}</td>
      <td>${n.summary.cramps ? durationWords(n.summary.longestCrampS) : '–'}</td>
      <td>${n.summary.worstSeverity ? html`<span class="badge sev-${n.summary.worstSeverity}">${SEVERITY_WORDS[n.summary.worstSeverity]}</span>` : '–'}</td>
      <td>${n.summary.causesSeen.length ? n.summary.causesSeen.map((c) => `${CAUSE_WORDS[c.cause] ?? c.cause}${c.count > 1 ? ` ×${c.count}` : ''}`).join(', ') : '–'}</td>
    </tr>`,
    )}</tbody>
  </table></div>
</section>`;
}
