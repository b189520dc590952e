// The "see a doctor" flag and its reasons. Worded as advice to talk to someone, never as a finding.
import { html, type Html } from './escape.ts';
import type { ReportDoctorFlag } from './model.ts';

export function renderDoctorFlag(flag: ReportDoctorFlag | undefined, nights: number): Html {
  if (!flag) return html``;
  const over = nights === 1 ? 'this night' : `these ${nights} nights`;
  if (flag.flag) {
    return html`<section class="doctor flag" role="note">
  <h2>Consider seeing a doctor</h2>
  <p>Some things in the nights on record are worth talking over with a doctor:</p>
  <ul>${flag.reasons.map((r) => html`<li>${sentence(r)}</li>`)}</ul>
  <p class="small">Bring this report. Keep taking your medicines unless a doctor tells you otherwise.</p>
</section>`;
  }
  return html`<section class="doctor ok" role="note">
  <h2>No sign yet that you need a doctor for this</h2>
  <p>Nothing in ${over} calls for a visit on its own. See one anyway if cramps worry you, keep you awake, or come with weakness, numbness or swelling.</p>
  ${flag.reasons.length ? html`<ul>${flag.reasons.map((r) => html`<li>${sentence(r)}</li>`)}</ul>` : ''}
</section>`;
}

/** src/causes words reasons as clauses ("you had 3 cramps in one night"); the list shows sentences. */
function sentence(reason: string): string {
  const text = reason.trim();
  if (text === '') return text;
  return text[0].toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
