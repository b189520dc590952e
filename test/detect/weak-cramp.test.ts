// A weak cramp over a dry contact's floor (src/detect/weak-cramp.ts): held clear of quiet but
// mostly under "active", it is a cramp when it rose suddenly, on a contact not working loose (or
// whose added power is shaped like a muscle's, not white), away
// from the group's last cramp; a floor that creeps up, or a weak tail after a cramp, is not. Held
// within a minute of a cramp that ended over the floor, it is that cramp gripping again.
import { describe, expect, it } from 'vitest';
import { stepCalfBlocks } from './calf-blocks.ts';

const FLOOR_UV = 15;

interface Run {
  opens: number[];
  /** each opened cramp's onset, s */
  starts: number[];
  closes: number[];
}

/**
 * Feeds `seconds` of blocks: the gastrocnemius's envelope from `levelUv(tS)`, the soleus at the
 * floor, both with a vouched floor of 15 µV; `looseLately` marks the gastrocnemius as working loose,
 * `moving(tS)` the leg as moving.
 */
function run(seconds: number, levelUv: (tS: number) => number, looseLately = false, moving = (_tS: number) => false, diffRatio = (_tS: number) => 0.3): Run {
  const result: Run = { opens: [], starts: [], closes: [] };
  stepCalfBlocks(
    seconds,
    (input, tS, b) => {
      input.levelUv[0] = levelUv(tS);
      input.levelUv[1] = FLOOR_UV * (1 + 0.05 * Math.sin(b));
      for (let c = 0; c < 2; c++) {
        input.restUv[c] = FLOOR_UV;
        input.floorUv[c] = FLOOR_UV;
      }
      input.suspect[0] = looseLately ? 1 : 0;
      input.looseLately[0] = looseLately ? 1 : 0;
      input.moving = moving(tS);
      input.addedDiffRatio[0] = diffRatio(tS);
      input.addedDiffRatio[1] = NaN;
    },
    (change, tS, detector) => {
      if (change === 'open') result.opens.push(tS);
      if (change === 'open') result.starts.push(detector.startMs / 1000);
      if (change === 'close') result.closes.push(tS);
    },
  );
  return result;
}

/** the floor with its block-to-block spread (a median of five 50-ms RMS values varies by ~10 %) */
const floor = (tS: number) => FLOOR_UV * (1 + 0.08 * Math.sin(37 * tS));
/**
 * A weak cramp from `fromS` for `lengthS`: 22–30 µV, 1.5–2× the floor, "active" (≥ 28.3 µV over a
 * 15 µV floor) only at the crests of its waxing, never back to quiet (< 20.25 µV).
 */
function weakCramp(fromS: number, lengthS: number) {
  return (tS: number) => (tS >= fromS && tS < fromS + lengthS ? 26 + 4 * Math.sin((2 * Math.PI * (tS - fromS)) / 3 + Math.PI / 2) : floor(tS));
}

/**
 * A weak cramp from `fromS` for `lengthS` that waxes deeply: 17–34 µV every 2.5 s, back under
 * quiet (20.25 µV) 28 % of the time, never for a second, "active" (28.3 µV) 40 % of the time.
 */
function deeplyWaxingCramp(fromS: number, lengthS: number) {
  return (tS: number) => (tS >= fromS && tS < fromS + lengthS ? 25.5 + 8.5 * Math.sin((2 * Math.PI * (tS - fromS)) / 2.5) : floor(tS));
}

/**
 * A short weak cramp from `fromS` for `lengthS` whose own EMG averages "active" (24 µV): 24–34 µV,
 * about 25 µV of EMG over the 15 µV floor, "active" (28.3 µV) only about half the time.
 */
function hardWeakCramp(fromS: number, lengthS: number) {
  return (tS: number) => (tS >= fromS && tS < fromS + lengthS ? 29 + 5 * Math.sin((2 * Math.PI * (tS - fromS)) / 1.5 + Math.PI / 2) : floor(tS));
}

describe('a weak cramp over a dry contact floor', () => {
  it('of 4 s, its own EMG averaging "active", is found at the still hold, not after 5 s', () => {
    const { opens, starts } = run(120, hardWeakCramp(60, 4));
    expect(opens).toHaveLength(1);
    expect(opens[0]).toBeLessThan(63.5);
    expect(starts[0]).toBeGreaterThan(59);
    expect(starts[0]).toBeLessThan(61);
  });

  it('of 4 s with less EMG than "active" still waits 5 s, so is not found', () => {
    expect(run(120, weakCramp(60, 4)).opens).toHaveLength(0);
  });

  it('of 4 s, its own EMG averaging "active", waits 5 s when the leg moved as it rose', () => {
    expect(run(120, hardWeakCramp(60, 4), false, (tS) => tS >= 59.8 && tS < 61).opens).toHaveLength(0);
  });

  it('is found once it was held 5 s, though active only at its crests', () => {
    const { opens, closes } = run(120, weakCramp(60, 40));
    expect(opens).toHaveLength(1);
    expect(opens[0]).toBeGreaterThanOrEqual(64.9);
    expect(opens[0]).toBeLessThan(67);
    expect(closes).toHaveLength(1);
  });

  it('is not found when the same level is reached by a floor creeping up over a minute', () => {
    // 15 → 27 µV over a minute, with the floor's own spread: past the crests' "active" only at the end
    const creep = (tS: number) => (floor(tS) * Math.min(27, FLOOR_UV + Math.max(0, (12 * (tS - 30)) / 60))) / FLOOR_UV;
    expect(run(180, creep).opens).toHaveLength(0);
  });

  it('is not found on a contact working loose when what the rise added is white (its broadband noise), or was never tested', () => {
    expect(run(120, weakCramp(60, 40), true, undefined, () => 2.1).opens).toHaveLength(0);
    expect(run(120, weakCramp(60, 40), true, undefined, () => NaN).opens).toHaveLength(0);
  });

  it('is not found on a contact working loose when only a few of its blocks were tested (a pop tail, not the held rise)', () => {
    expect(run(120, weakCramp(60, 40), true, undefined, (tS) => (tS % 1 < 0.2 ? 0.3 : NaN)).opens).toHaveLength(0);
  });

  it('on a contact working loose, is not found at a later look when its first look could not vouch for it (the lead gets a try every few seconds)', () => {
    // untested through the first look (8 s: longer than 3 × 2.5 s), shaped like a muscle after
    expect(run(120, weakCramp(60, 40), true, undefined, (tS) => (tS < 68 ? NaN : 0.3)).opens).toHaveLength(0);
  });

  it('is found on a contact working loose when its added power was tested through and is not white (the muscle under the lead)', () => {
    // added power shaped like EMG (its first difference adds a third of it, white-rise.ts): a lifting lead adds none of that
    const { opens, starts } = run(120, weakCramp(60, 40), true, undefined, () => 0.3);
    expect(opens).toHaveLength(1);
    expect(opens[0]).toBeLessThan(67);
    expect(starts[0]).toBeGreaterThan(59);
  });

  it('waxing deeply, is found once held 5 s, its troughs bridged by the pulse window, with the rise as its onset', () => {
    const { opens, starts, closes } = run(180, deeplyWaxingCramp(60, 60));
    expect(opens).toHaveLength(1);
    expect(opens[0]).toBeGreaterThanOrEqual(64.9);
    expect(opens[0]).toBeLessThan(66);
    expect(starts[0]).toBeGreaterThan(59);
    expect(starts[0]).toBeLessThan(61);
    expect(closes).toHaveLength(1);
  });

  it('waxing deeply, is not found when the leg moved as it rose (a contact the sleeper shifted turning over)', () => {
    expect(run(180, deeplyWaxingCramp(60, 60), false, (tS) => tS >= 59.5 && tS < 62).opens).toHaveLength(0);
  });

  it('is found 5 s after its rise when the sleeper jolted after it rose (the motion did not lead)', () => {
    // woken by the pain 2 s into the cramp, the leg moves for 4 s: without the rule it waits for the leg to go still
    const { opens, starts } = run(120, weakCramp(60, 40), false, (tS) => tS >= 62 && tS < 66);
    expect(opens).toHaveLength(1);
    expect(opens[0]).toBeGreaterThanOrEqual(64.9);
    expect(opens[0]).toBeLessThan(66);
    expect(starts[0]).toBeGreaterThan(59);
    expect(starts[0]).toBeLessThan(61);
  });

  it('is held the moving time when the leg moved as it rose (a turn that may have shifted the floor)', () => {
    const { opens } = run(120, weakCramp(60, 40), false, (tS) => tS >= 59.8 && tS < 66);
    expect(opens.length === 0 || opens[0] >= 68.4).toBe(true);
  });

  it('is not found when a still floor steps up by half, its own noise crossing "active" (no more EMG than the floor)', () => {
    // 22.5 µV ± 28 %: clear of quiet 62 % of the time, "active" at its crests, 16 µV of EMG over the 15 µV floor
    const steppedFloor = (tS: number) => (tS >= 60 ? 22.5 * (1 + 0.28 * Math.sin((2 * Math.PI * (tS - 60)) / 1.3)) : floor(tS));
    expect(run(180, steppedFloor).opens).toHaveLength(0);
  });

  it('is not found when the floor ran ahead of its resting level and its noise crossed "active" (a contact creeping up)', () => {
    // the contact's floor creeps from 15 to 30 µV over 40 s while the resting level stays at 15
    // (it may rise by e only in about a minute): the envelope, ±20 % block to block, hovers at
    // the quiet ceiling (20.25 µV) and its noise carries it to "active" (28.3 µV) in a moment
    const creep = (tS: number) => FLOOR_UV * Math.min(2, 1 + Math.max(0, tS - 30) / 40) * (1 + 0.2 * Math.sin(37 * tS));
    expect(run(180, creep).opens).toHaveLength(0);
  });

  it('is found when it rises from a floor whose resting level keeps up with it', () => {
    // the same weak cramp, its floor's envelope 1.2× the resting level before it (a median of block RMS over their 20th percentile)
    const { opens } = run(120, (tS) => (tS >= 60 && tS < 100 ? weakCramp(60, 40)(tS) : 1.2 * floor(tS)));
    expect(opens).toHaveLength(1);
  });

  it('waxing deeply, is one cramp from its first rise when a trough quiet for over a second follows its first 3 s (the pulse window bridges it)', () => {
    // 3 s of the cramp, 1.2 s back at the floor, then it goes on waxing deeply
    const interrupted = (tS: number) => (tS >= 60 && tS < 63 ? weakCramp(60, 3)(tS) : tS >= 64.2 ? deeplyWaxingCramp(64.2, 60)(tS) : floor(tS));
    const { opens, starts } = run(180, interrupted);
    expect(opens).toHaveLength(1);
    expect(starts[0]).toBeGreaterThan(59);
    expect(starts[0]).toBeLessThan(61);
  });

  it('within a minute of a cramp that ended over the floor is that cramp gripping again, its onset within the minute; later a cramp of its own', () => {
    const strongThenWeak = (gapS: number) => (tS: number) => (tS >= 30 && tS < 50 ? 120 : weakCramp(50 + gapS, 30)(tS));
    // found again with its onset in the minute the episode waits for (EpisodeReporter.RESUME_OVER_FLOOR_MS): it resumes it
    const again = run(150, strongThenWeak(20));
    expect(again.opens).toHaveLength(2);
    expect(again.starts[1] - again.closes[0]).toBeLessThan(60);
    expect(run(200, strongThenWeak(80)).opens).toHaveLength(2);
  });

  it('within a minute of a cramp that ended over the floor, the twitches of its tail (not held) are not found', () => {
    // 0.3-s twitches to 60 µV every 1.5 s: clear of quiet a fifth of the time
    const twitching = (tS: number) => (tS >= 50 && tS < 110 && (tS - 50) % 1.5 < 0.3 ? 60 : floor(tS));
    expect(run(150, (tS) => (tS >= 30 && tS < 50 ? 120 : twitching(tS))).opens).toHaveLength(1);
  });

  it('that rose within a minute of a cramp and was not held over its first look stays its tail, however long it goes on', () => {
    // twitches every 0.9 s (never a second quiet: one rise), then waxing deeply from inside it on:
    // the rise's first look saw it clear of quiet a third of the time, not held
    const twitchingThenWaxing = (tS: number) => (tS >= 30 && tS < 50 ? 120 : tS < 100 ? (tS >= 52 && (tS - 52) % 0.9 < 0.3 ? 60 : floor(tS)) : deeplyWaxingCramp(100, 100)(tS));
    expect(run(220, twitchingThenWaxing).opens).toHaveLength(1);
  });
});
