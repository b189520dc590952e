// Whatever people type (medication names, device labels, notes) and whatever a store hands
// back, the page's markup is only ever the renderer's own: a property over arbitrary strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Episode, SignalPoint } from '../../src/core/types.ts';
import { assembleReport } from '../../src/report/assemble.ts';
import { renderReport } from '../../src/report/render.ts';

/** Every element the renderer writes; anything else in the output came from data. */
const OWN_TAGS = new Set(
  'html head meta title style body main header h1 h2 h3 h4 h5 p section figure figcaption div span b i a svg path line rect em footer small ul li article time dl dt dd table thead tbody tr th td br'.split(' '),
);

const nasty = fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '=', '/', ' ', 'a', 's', 'c', 'r', 'i', 'p', 't', 'o', 'n', 'x', '\n', '`') , maxLength: 40 });

function night(text: string[]): { episodes: Episode[]; signals: SignalPoint[] } {
  const t0 = Date.UTC(2026, 10, 25, 23);
  const signals: SignalPoint[] = [];
  for (let i = 0; i < 120; i++) signals.push({ device: text[0], tMs: t0 + i * 1000, envelopeUv: { gastrocnemius: i > 50 && i < 80 ? 400 : 3 }, posture: 'supine', contact: 1 });
  const episode: Episode = {
    v: 1,
    event: 'close',
    id: text[1],
    device: text[0],
    wearer: text[2],
    leg: text[3],
    muscle: 'gastrocnemius',
    start: t0 + 50_000,
    end: t0 + 80_000,
    duration_s: 30,
    detected_at: t0 + 52_000,
    peak_uv: 400,
    severity: 'moderate',
    posture_before: 'supine',
    causes: [
      { cause: 'medication', confidence: 0.7, evidence: [text[4], text[5]] },
      { cause: 'muscle_fatigue', confidence: 0.2, evidence: [text[6]] },
    ],
  };
  return { episodes: [episode], signals };
}

describe('escaping', () => {
  it('lets no markup from data into the page', () => {
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 9, maxLength: 9 }), (text) => {
        const data = { ...night(text), limbMovements: [], records: [] };
        const input = assembleReport(data, {}, { timeZone: 'UTC', title: text[7], doctorFlagOf: () => ({ flag: true, reasons: [text[8]] }) });
        input.nights[0].summary.advice = [text[8]];
        const page = renderReport(input);
        const tags = [...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase());
        for (const tag of tags) expect(OWN_TAGS.has(tag)).toBe(true);
        // no event handler among a tag's attributes (data typed as text, "x onclick=y", may say it)
        for (const [tag] of page.matchAll(/<[a-zA-Z][^>]*>/g)) expect(tag.replace(/"[^"]*"|'[^']*'/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
        // the text itself is still there, escaped
        expect(page).toContain(text[4].replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
      }),
      { numRuns: 150 },
    );
  });

  it('says so when a store holds no nights', () => {
    const page = renderReport(assembleReport({ episodes: [], signals: [], limbMovements: [], records: [] }, {}, { timeZone: 'UTC' }));
    expect(page).toContain('No recorded nights here.');
  });
});
