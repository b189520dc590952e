// CI smoke of the benchmarks (bench/): each runs on a tiny input and yields figures that make
// sense. No timing is asserted: how fast is for `npm run bench` and bench/RESULTS.md to say.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HOURS = 0.02; // 72 s of night: 720 frames
let cacheDir: string;
let bench: {
  core: typeof import('../../bench/core.ts');
  replay: typeof import('../../bench/replay.ts');
  memory: typeof import('../../bench/memory.ts');
  live: typeof import('../../bench/live.ts');
  ingest: typeof import('../../bench/ingest.ts');
  start: typeof import('../../bench/start.ts');
  histogram: typeof import('../../bench/delay-histogram.ts');
};

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'crampwatch-bench-smoke-'));
  // the cache folder is read when the bench modules load
  process.env.CRAMPWATCH_BENCH_CACHE = cacheDir;
  bench = {
    core: await import('../../bench/core.ts'),
    replay: await import('../../bench/replay.ts'),
    memory: await import('../../bench/memory.ts'),
    live: await import('../../bench/live.ts'),
    ingest: await import('../../bench/ingest.ts'),
    start: await import('../../bench/start.ts'),
    histogram: await import('../../bench/delay-histogram.ts'),
  };
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe('benchmarks on tiny inputs', () => {
  it('core: every sample of the night counted, a finite positive rate', async () => {
    const r = await bench.core.runCoreBench({ hours: HOURS, runs: 1 });
    expect(r.frames).toBe(720);
    expect(r.emgSamples).toBe(720 * 100 * 2);
    expect(r.cpuMs).toBeGreaterThan(0);
    expect(Number.isFinite(r.samplesPerS) && r.samplesPerS > 0).toBe(true);
    expect(r.timesRealTime).toBeCloseTo((HOURS * 3600) / (r.cpuMs / 1000), 6);
  });

  it('replay: both captures hold the same night, every frame replayed, none rejected', async () => {
    const r = await bench.replay.runReplayBench({ hours: HOURS, runs: 1 });
    for (const t of [r.json, r.binary]) {
      expect(t.frames).toBe(720);
      expect(t.rejects).toBe(0);
      expect(t.floorCpuMs).toBeGreaterThan(0);
      expect(t.replayCpuMs).toBeGreaterThan(0);
    }
    expect(r.json.lines).toBe(r.binary.lines);
    expect(r.jsonOverFloor).toBeCloseTo(r.json.replayCpuMs / r.json.floorCpuMs, 6);
  });

  it('memory: a finite, bounded figure per sensor and samples across the night', async () => {
    const r = await bench.memory.runMemoryBench({ sensors: 4, warmupS: 10, nightHours: HOURS });
    // with 4 sensors a collection between the two heap readings can outweigh what they hold
    // (−31 KB once in CI): the sign means something only at the bench's own 1,000 sensors
    expect(Number.isFinite(r.bytesPerSensor)).toBe(true);
    expect(Math.abs(r.bytesPerSensor)).toBeLessThan(64 * 2 ** 20);
    expect(r.night.samples.length).toBeGreaterThan(0);
  });

  it('ingest: JSON and binary payloads through each layer, a positive CPU a frame', async () => {
    for (const encoding of ['json', 'binary'] as const) {
      const r = await bench.ingest.runIngestBench({ encoding, devices: 3, frames: 50, runs: 1 });
      expect(r.steps.map((s) => s.layers)).toHaveLength(3);
      for (const step of r.steps) expect(step.usPerFrame).toBeGreaterThan(0);
      expect(r.payloadBytes).toBeGreaterThan(encoding === 'json' ? 1000 : 400);
    }
  });

  it('start: the compiled command as whole processes, --help and a replay beside its floor', async () => {
    const start = await bench.start.runStartBench(1);
    for (const ms of [start.nodeAloneMs, start.helpMs, start.versionMs]) expect(ms).toBeGreaterThan(0);
    const replay = await bench.start.runWholeReplay(HOURS, 'binary', 1);
    expect(replay.replayWallMs).toBeGreaterThan(0);
    expect(replay.floorWallMs).toBeGreaterThan(0);
    expect(replay.wallMsPerChannelNight).toBeCloseTo(replay.replayWallMs / ((2 * HOURS) / 8), 6);
  });

  it('delay histogram: percentiles of known delays', () => {
    const h = new bench.histogram.DelayHistogram();
    for (let ms = 1; ms <= 100; ms++) h.add(ms);
    h.add(500_000);
    expect(h.quantile(0.5)).toBe(51);
    expect(h.quantile(0.99)).toBe(100);
    expect(h.max).toBe(500_000);
  });

  it('live: a few sensors through a real mosquitto and influxd, every frame accounted for', async () => {
    const r = await bench.live.runLiveBench({ sensors: [3], seconds: 2 });
    const [step] = r.steps;
    expect(step.sent).toBeGreaterThan(0);
    expect(step.acked).toBe(step.sent);
    expect(step.processed + step.rejected + step.lost).toBe(step.sent);
    expect(step.processed).toBeGreaterThan(0);
    expect(Number.isFinite(step.delayMs.p99)).toBe(true);
    expect(step.delayMs.p50).toBeLessThanOrEqual(step.delayMs.p99);
  });
});
