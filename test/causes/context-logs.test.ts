// The days before tonight reach the cause rules live and in replay alike: a sudden rise in
// exercise is only a rise against the usual level of the days before, which the detector now
// keeps from the context logs the app sent (bounded), and a fresh core of the same device is
// given again.
import { describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { CONTEXT_LOGS_KEPT, ContextLogs } from '../../src/causes/index.ts';
import type { ContextLog } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';
import { replayLines } from '../../src/ingest/replay.ts';

const DAY_MS = 86_400_000;
const log = (t: number, exerciseMin: number, intensity: ContextLog['exercise_intensity'] = 'light'): ContextLog => ({
  v: 1,
  t,
  water_l: 2.2,
  exercise_min: exerciseMin,
  exercise_intensity: intensity,
});

describe('ContextLogs', () => {
  it('keeps the logs in time order, the newest as the day before tonight', () => {
    const logs = new ContextLogs();
    logs.add(log(3 * DAY_MS, 30));
    logs.add(log(1 * DAY_MS, 10));
    logs.add(log(2 * DAY_MS, 20));
    expect(logs.latest()?.t).toBe(3 * DAY_MS);
    expect(logs.earlierDays().map((n) => n.day?.exerciseMin)).toEqual([10, 20]);
  });

  it('replaces a log sent again with the same time, and keeps a bounded number', () => {
    const logs = new ContextLogs();
    for (let day = 0; day < 20; day++) logs.add(log(day * DAY_MS, day));
    logs.add(log(19 * DAY_MS, 99));
    expect(logs.all()).toHaveLength(CONTEXT_LOGS_KEPT);
    expect(logs.latest()?.exercise_min).toBe(99);
    expect(logs.all()[0].t).toBe((20 - CONTEXT_LOGS_KEPT) * DAY_MS);
  });
});

describe('a sudden rise in activity, through the real detector', () => {
  const spec = randomNightSpec(5, { preset: 'cramp' });
  const device = spec.devices[0].id;
  const contextLine = (context: ContextLog) => ({ rx: spec.startMs - 60_000, topic: `crampwatch/v1/${device}/context`, json: context });
  const tonight = log(spec.startMs - 4 * 3600_000, 60);
  const usualDays = [3, 2, 1].map((daysBefore) => log(tonight.t - daysBefore * DAY_MS, 5));

  async function crampCauses(contexts: ContextLog[]) {
    const night = [...nightMessages(spec)].filter((line) => !line.topic.endsWith('/context'));
    const result = await replayLines([...contexts.map(contextLine), ...night], { createCore: createDeviceCore });
    expect(result.episodes).toHaveLength(1);
    return result.episodes[0].causes ?? [];
  }

  it('tags muscle fatigue when the day before was far above the usual days', async () => {
    const causes = await crampCauses([...usualDays, tonight]);
    const fatigue = causes.find((c) => c.cause === 'muscle_fatigue');
    expect(fatigue?.evidence.join(' ')).toMatch(/much more than your usual 5 min/);
  });

  it('does not, from the same day alone', async () => {
    const causes = await crampCauses([tonight]);
    expect(causes.map((c) => c.cause)).not.toContain('muscle_fatigue');
  });
});
