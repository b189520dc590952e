// The morning report's timeline shows the knee angle when a thigh sensor was worn, and only then.
import { describe, expect, it } from 'vitest';
import type { ReportNight } from '../../src/report/model.ts';
import { renderTimeline } from '../../src/report/timeline.ts';
import { ZonedClock } from '../../src/report/time-zone.ts';
import { handMadeNight, NIGHT_END_MS, NIGHT_START_MS } from './hand-made-night.ts';

function night(withKnee: boolean): ReportNight {
  const { episodes, signals, limbMovements } = handMadeNight();
  return {
    device: 'leg-01',
    nightDate: '2026-11-25',
    fromMs: NIGHT_START_MS,
    toMs: NIGHT_END_MS,
    episodes,
    signals: withKnee ? signals : signals.map(({ kneeFlexionDeg: _, ...rest }) => rest),
    limbMovements,
    summary: {} as ReportNight['summary'],
  };
}

describe('timeline knee lane', () => {
  it('draws the knee angle with the curled line when a thigh sensor was worn', () => {
    const html = String(renderTimeline(night(true), new ZonedClock('UTC')));
    expect(html).toContain('lane-knee');
    expect(html).toContain('dashed = 75° (curled)');
    expect(html).toMatch(/<path class="knee" d="M[^"]+"/);
  });

  it('has no knee lane without one', () => {
    expect(String(renderTimeline(night(false), new ZonedClock('UTC')))).not.toContain('lane-knee');
  });
});
