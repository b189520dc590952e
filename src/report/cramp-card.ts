// One cramp, in words: when, how long, which muscle, how strong, how the wearer was lying, and
// what might have caused it, with the evidence. "Possible causes", never a diagnosis.
// PROTOCOL §6: a cause counts as tagged at confidence ≥ 0.5; the one constant src/causes also uses
import { TAGGED_CONFIDENCE } from '../causes/infer.ts';
import type { CauseTag, Episode } from '../core/types.ts';
import { html, type Html } from './escape.ts';
import type { ZonedClock } from './time-zone.ts';
import { CAUSE_WORDS, confidenceWords, durationWords, MUSCLE_WORDS, POSTURE_WORDS, SEVERITY_WORDS } from './words.ts';

export function renderCrampCard(episode: Episode, n: number, id: string, clock: ZonedClock): Html {
  const durationS = episode.duration_s ?? ((episode.end ?? episode.start) - episode.start) / 1000;
  const causes = [...episode.causes].sort((a, b) => b.confidence - a.confidence);
  const tagged = causes.filter((c) => c.confidence >= TAGGED_CONFIDENCE);
  const weak = causes.filter((c) => c.confidence < TAGGED_CONFIDENCE);
  const peak = html`${Math.round(episode.peak_uv)} µV${episode.peak_mvc_pct !== undefined ? html` · ${Math.round(episode.peak_mvc_pct)}% of your strongest effort` : ''}`;
  return html`<article class="cramp sev-${episode.severity}" id="${id}">
  <header>
    <span class="num">${n}</span>
    <h4><time datetime="${new Date(episode.start).toISOString()}">${clock.hhmm(episode.start)}</time> · ${durationWords(durationS)}</h4>
    <span class="badge sev-${episode.severity}">${SEVERITY_WORDS[episode.severity]}</span>
  </header>
  <dl>
    <div><dt>Muscle</dt><dd>${MUSCLE_WORDS[episode.muscle] ?? episode.muscle}</dd></div>
    <div><dt>When</dt><dd>${clock.hhmmss(episode.start)} – ${episode.end !== undefined ? clock.hhmmss(episode.end) : '?'}</dd></div>
    <div><dt>Peak</dt><dd>${peak}</dd></div>
    <div><dt>Lying</dt><dd>${POSTURE_WORDS[episode.posture_before] ?? episode.posture_before} before it began</dd></div>
  </dl>
  <h5>Possible causes</h5>
  ${
    tagged.length
      ? html`<ul class="causes">${tagged.map(causeItem)}</ul>`
      : html`<p class="none">Nothing in the night's data points to a particular cause for this one.</p>`
  }
  ${
    weak.length
      ? html`<p class="weak">Also looked at, but only weakly pointed to: ${weak.map(
          (c, i) => html`${i ? '; ' : ''}${CAUSE_WORDS[c.cause] ?? c.cause} (${Math.round(c.confidence * 100)}%${c.evidence.length ? html`: ${c.evidence.join(', ')}` : ''})`,
        )}.</p>`
      : ''
  }
</article>`;
}

function causeItem(tag: CauseTag): Html {
  const pct = Math.round(Math.max(0, Math.min(1, tag.confidence)) * 100);
  return html`<li>
    <div class="cause-head"><b>${CAUSE_WORDS[tag.cause] ?? tag.cause}</b><span class="conf">${confidenceWords(tag.confidence)} · ${pct}%</span></div>
    <div class="bar" aria-hidden="true"><i style="width:${pct}%"></i></div>
    ${tag.evidence.length ? html`<ul class="evidence">${tag.evidence.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
  </li>`;
}
