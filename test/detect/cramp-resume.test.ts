// A cramp that eases for a few seconds and grips again, in the same muscle or the one beside it
// (EpisodeReporter.RESUME_WITHIN_MS), is one episode; a cramp felt apart from it, or on the other
// leg, is a cramp of its own. Hand-made signals (test/detect/synthetic.ts) through the whole core.
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';
import { RESUME_OVER_FLOOR_MS, RESUME_WITHIN_MS } from '../../src/detect/episode-reporter.ts';
import { CALF } from '../../src/detect/muscle-groups/calf.ts';
import { crampEnvelope, syntheticFrames } from './synthetic.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const CHANNELS: Muscle[] = ['gastrocnemius', 'soleus', 'tibialis_anterior'];
/** a gelled electrode's resting level, µV */
const REST_UV = 3;
/** a dry contact's floor, µV RMS: the channels vouch for it once a still stretch showed it */
const DRY_FLOOR_UV = 20;

type Grip = [channel: number, fromMs: number, toMs: number, peakUv: number];

/** every event of one device's night; `grips` per channel: [fromMs, toMs, peakUv], over `restUv` */
function events(grips: Grip[], durationMs: number, device = 'leg-01', restUv = REST_UV): Episode[] {
  return night(grips, durationMs, { device, restUv }).map((sent) => sent.episode);
}

/**
 * Each event with the stream time it was sent at (the end of the frame that sent it; Infinity at
 * the stream's end). `acc`: the shank's accelerometer, mg, still and supine unless given.
 */
function night(grips: Grip[], durationMs: number, options: { device?: string; restUv?: number; acc?: (tMs: number) => [number, number, number] } = {}): { episode: Episode; sentAtMs: number }[] {
  const { device = 'leg-01', restUv = REST_UV, acc = SUPINE } = options;
  const out: { episode: Episode; sentAtMs: number }[] = [];
  let frameEndMs = 0;
  const core = createDeviceCore(device, { episode: (episode) => out.push({ episode, sentAtMs: frameEndMs }), signal: () => {}, limbMovement: () => {} });
  const envelope = (c: number, tMs: number) => {
    let uv = restUv;
    for (const [channel, from, to, peak] of grips) if (channel === c) uv += crampEnvelope(tMs, from, to, peak, 300, 300);
    return uv;
  };
  for (const frame of syntheticFrames({ startMs: START, acc, fsHz: 1000, channels: CHANNELS, durationMs, envelope }, device)) {
    frameEndMs = frame.tMs + (frame.emgUv[0].length * 1000) / frame.emgFsHz;
    core.pushFrame(frame);
  }
  frameEndMs = Infinity;
  core.finish();
  return out;
}

const closes = (all: Episode[]) => all.filter((e) => e.event === 'close');
const seconds = (ms: number | undefined) => ((ms ?? NaN) - START) / 1000;

describe('a cramp that eases and grips again', () => {
  it('passing from the gastrocnemius to the soleus 5 s after it eased: one episode over both grips', () => {
    const all = events(
      [
        [0, 60_000, 90_000, 150],
        [1, 95_000, 130_000, 120],
      ],
      200_000,
    );
    const closed = closes(all);
    expect(closed).toHaveLength(1);
    expect(all.filter((e) => e.event === 'open')).toHaveLength(1);
    expect(closed[0].muscle).toBe('gastrocnemius');
    expect(seconds(closed[0].start)).toBeGreaterThan(59);
    expect(seconds(closed[0].start)).toBeLessThan(61);
    expect(seconds(closed[0].end)).toBeGreaterThan(128);
    expect(seconds(closed[0].end)).toBeLessThan(132);
    // every event of the episode carries its one id
    expect(new Set(all.map((e) => e.id)).size).toBe(1);
  });

  it('in the same muscle after a 4 s lull: one episode, whose peak is the stronger grip', () => {
    const closed = closes(
      events(
        [
          [0, 60_000, 80_000, 300],
          [0, 84_000, 110_000, 120],
        ],
        180_000,
      ),
    );
    expect(closed).toHaveLength(1);
    expect(seconds(closed[0].end)).toBeGreaterThan(108);
    expect(closed[0].peak_uv).toBeGreaterThan(200);
  });

  it('a cramp well after the margin is a cramp of its own', () => {
    const gapMs = RESUME_WITHIN_MS + 20_000;
    const closed = closes(
      events(
        [
          [0, 60_000, 80_000, 150],
          [1, 80_000 + gapMs, 110_000 + gapMs, 150],
        ],
        200_000,
      ),
    );
    expect(closed.map((e) => e.muscle)).toEqual(['gastrocnemius', 'soleus']);
  });

  it('over a dry contact, where its weak stretches sink into the floor, it resumes for up to a minute', () => {
    const gapMs = (RESUME_WITHIN_MS + RESUME_OVER_FLOOR_MS) / 2;
    const grips = (gap: number): [number, number, number, number][] => [
      [0, 100_000, 130_000, 80],
      [0, 130_000 + gap, 160_000 + gap, 80],
    ];
    expect(closes(events(grips(gapMs), 300_000, 'leg-01', DRY_FLOOR_UV))).toHaveLength(1);
    // on a gelled electrode, where the end is seen, the same gap parts two cramps
    expect(closes(events(grips(gapMs), 300_000))).toHaveLength(2);
    // and over the dry floor, a grip well after the minute is a cramp of its own
    expect(closes(events(grips(RESUME_OVER_FLOOR_MS + 20_000), 300_000, 'leg-01', DRY_FLOOR_UV))).toHaveLength(2);
  });

  it('over a dry contact, a cramp that wanes under the floor for 4 s and waxes back weaker, never "active" for long, is one episode to its end', () => {
    // 30 s strong, 4 s down at the floor (its end, judged there), then held just clear of the floor's quiet
    // to 300 s: the return, weak and risen within the minute, was that cramp's tail, and the episode ended at 130 s
    const closed = closes(
      events(
        [
          [0, 100_000, 130_000, 80],
          [0, 134_000, 300_000, 10],
        ],
        360_000,
        'leg-01',
        DRY_FLOOR_UV,
      ),
    );
    expect(closed).toHaveLength(1);
    expect(seconds(closed[0].start)).toBeGreaterThan(99);
    expect(seconds(closed[0].start)).toBeLessThan(101);
    expect(seconds(closed[0].end)).toBeGreaterThan(295);
  });

  it('the other leg cramping 5 s after this one eased is its own cramp (devices are never merged)', () => {
    const left = closes(events([[0, 60_000, 90_000, 150]], 200_000, 'leg-01-L'));
    const right = closes(events([[0, 95_000, 130_000, 150]], 200_000, 'leg-01-R'));
    expect(left).toHaveLength(1);
    expect(right).toHaveLength(1);
  });

  it('activity after the end that never looks like a cramp (the leg moving, the shin working too) holds the close back only until it is judged', () => {
    // the cramp eases at 90 s; three seconds later and on to the stream's end the sleeper moves the leg about,
    // calf and shin working together: a candidate whose onset lies within the margin, never a cramp
    const settling: Grip[] = [
      [0, 93_000, 200_000, 40],
      [2, 93_000, 200_000, 90],
    ];
    const moving = (tMs: number): [number, number, number] => (tMs < 93_000 ? SUPINE() : [100 + 400 * Math.sin((2 * Math.PI * tMs) / 1500), 300 * Math.cos((2 * Math.PI * tMs) / 2100), -995]);
    const sent = night([[0, 60_000, 90_000, 150], ...settling], 200_000, { acc: moving });
    const closed = sent.filter((s) => s.episode.event === 'close');
    expect(closed.map((s) => s.episode.muscle)).toEqual(['gastrocnemius']);
    expect(seconds(closed[0].episode.end)).toBeLessThan(92);
    // sent live, once the candidate has had its confirmation time (without the bound, only after
    // its fresh look, 36 s on, or at the stream's end)
    expect(seconds(closed[0].sentAtMs)).toBeLessThanOrEqual((93_000 + CALF.confirmMovingMs) / 1000 + 0.5);
  });
});
