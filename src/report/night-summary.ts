// The night in numbers, how it was spent lying, the causes seen and the advice that fits them.
import { POSTURES } from '../core/types.ts';
import { html, type Html } from './escape.ts';
import type { ReportSummary } from './model.ts';
import { POSTURE_COLORS } from './posture-colors.ts';
import { CAUSE_WORDS, durationWords, POSTURE_LABELS, SEVERITY_WORDS } from './words.ts';

export function renderNightSummary(summary: ReportSummary): Html {
  const stats: [string, string, string?][] = [
    ['Cramps', String(summary.cramps)],
    ['Longest', summary.cramps ? durationWords(summary.longestCrampS) : '–'],
    ['Worst', summary.worstSeverity ? SEVERITY_WORDS[summary.worstSeverity] : '–', summary.worstSeverity ? `sev-${summary.worstSeverity}` : undefined],
    ['Cramping in all', summary.cramps ? durationWords(summary.totalCrampS) : '–'],
    ['Leg movements', String(summary.limbMovements)],
    ['Periodic, per hour', summary.plmIndexPerHour !== undefined ? summary.plmIndexPerHour.toFixed(1) : '–'],
  ];
  return html`<section class="summary">
  <div class="stats">${stats.map(([label, value, cls]) => html`<div class="stat ${cls ?? ''}"><span>${label}</span><b>${value}</b></div>`)}</div>
  ${postureBar(summary)}
  ${
    summary.causesSeen.length
      ? html`<h4>Possible causes tonight</h4><ul class="chips">${summary.causesSeen.map(
          (c) => html`<li>${CAUSE_WORDS[c.cause] ?? c.cause}${c.count > 1 ? html` <b>×${c.count}</b>` : ''}</li>`,
        )}</ul>`
      : summary.cramps
        ? html`<p class="none">No possible cause stood out for tonight's cramps.</p>`
        : ''
  }
  ${
    summary.advice.length
      ? html`<h4>What may help</h4><ul class="advice">${summary.advice.map((a) => html`<li>${a}</li>`)}</ul>`
      : ''
  }
</section>`;
}

function postureBar(summary: ReportSummary): Html {
  const entries = POSTURES.map((p) => [p, summary.postureMs[p] ?? 0] as const).filter(([, ms]) => ms > 0);
  const totalMs = entries.reduce((sum, [, ms]) => sum + ms, 0);
  if (totalMs <= 0) return html``;
  return html`<h4>How you lay</h4>
  <div class="posture-bar" role="img" aria-label="${entries.map(([p, ms]) => `${POSTURE_LABELS[p]} ${Math.round((ms / totalMs) * 100)}%`).join(', ')}">${entries.map(
    ([p, ms]) => html`<i style="width:${((ms / totalMs) * 100).toFixed(2)}%;background:${POSTURE_COLORS[p]}"></i>`,
  )}</div>
  <p class="legend">${entries.map(
    ([p, ms]) => html`<span><i style="background:${POSTURE_COLORS[p]}"></i>${POSTURE_LABELS[p]} ${durationWords(ms / 1000)}</span>`,
  )}</p>`;
}
