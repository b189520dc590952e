// The open-episode journal (src/app/episode-resume.ts), without a broker: runs of the pipeline
// are played by feeding frames to wrapped cores; a stop is suspend() + finish(), a crash is a
// run abandoned without either. Whatever happens, the app sees one `open` and one `close` per
// cramp, under one id.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeResumer } from '../../src/app/episode-resume.ts';
import type { CoreSink, Episode, SampleFrame } from '../../src/core/types.ts';
import { FRAME_MS, NIGHT_START_MS } from '../helpers/frames.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-resume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DEVICE = 'leg-01';
const t = (seq: number) => NIGHT_START_MS + seq * FRAME_MS;

function frame(seq: number, cramping: boolean): SampleFrame {
  const uv = new Float32Array(100);
  for (let i = 0; i < 100; i++) uv[i] = (cramping ? 500 : 10) * Math.sin(i * 0.7);
  return { device: DEVICE, seq, tMs: t(seq), emgFsHz: 1000, channels: ['gastrocnemius'], emgUv: [uv] };
}

/** One run of the pipeline on a journal file: events it sent, and its core for DEVICE. */
function run(path: string, sent: Episode[], learningFrames = 0) {
  const sink: CoreSink = { episode: (e) => sent.push(e), signal: () => {}, limbMovement: () => {} };
  const resumer = new EpisodeResumer(scriptedCores({ learningFrames }).factory, path, { continuityMs: 5000, waitMs: 20_000, warmupMs: 3000 });
  const core = resumer.factory(DEVICE, sink);
  return {
    resumer,
    sink,
    feed(from: number, to: number, cramping: (seq: number) => boolean) {
      for (let seq = from; seq < to; seq++) core.pushFrame(frame(seq, cramping(seq)));
    },
    stop() {
      resumer.suspend();
      core.finish();
    },
    endNight: () => core.finish(),
  };
}

const inCramp = (from: number, to: number) => (seq: number) => seq >= from && seq < to;
const kinds = (events: Episode[]) => events.map((e) => e.event).filter((k) => k !== 'update');

describe('a cramp going on across a pipeline restart', () => {
  it('graceful stop: kept out of close, continued by the next run under the same id', () => {
    const path = join(dir, 'graceful.json');
    const sent: Episode[] = [];
    const cramp = inCramp(20, 60);
    const first = run(path, sent);
    first.feed(0, 40, cramp);
    first.stop();
    expect(kinds(sent)).toEqual(['open']);
    expect(first.resumer.journal().map((e) => e.id)).toEqual([`${DEVICE}-${t(20)}`]);

    const second = run(path, sent);
    second.feed(40, 100, cramp);
    second.endNight();
    expect(kinds(sent)).toEqual(['open', 'close']);
    expect(new Set(sent.map((e) => e.id))).toEqual(new Set([`${DEVICE}-${t(20)}`]));
    const close = sent.at(-1)!;
    expect(close).toMatchObject({ start: t(20), end: t(60), duration_s: 4, detected_at: t(20) });
    expect(second.resumer.journal()).toEqual([]);
  });

  it('survives two restarts in one cramp', () => {
    const path = join(dir, 'twice.json');
    const sent: Episode[] = [];
    const cramp = inCramp(20, 90);
    const a = run(path, sent);
    a.feed(0, 30, cramp);
    a.stop();
    const b = run(path, sent);
    b.feed(30, 60, cramp);
    b.stop();
    const c = run(path, sent);
    c.feed(60, 120, cramp);
    c.endNight();
    expect(kinds(sent)).toEqual(['open', 'close']);
    expect(new Set(sent.map((e) => e.id)).size).toBe(1);
    expect(sent.at(-1)).toMatchObject({ start: t(20), end: t(90) });
  });

  it('a cramp that ended while the pipeline was down is closed at the last sample seen', () => {
    const path = join(dir, 'ended.json');
    const sent: Episode[] = [];
    const first = run(path, sent);
    first.feed(0, 40, inCramp(20, 40));
    first.stop();
    const second = run(path, sent);
    second.feed(40, 100, () => false);
    // waitMs (20 s of stream time) after the last sample, the kept episode is closed
    second.feed(100, 300, () => false);
    expect(kinds(sent)).toEqual(['open', 'close']);
    expect(sent.at(-1)).toMatchObject({ id: `${DEVICE}-${t(20)}`, end: t(40) });
    expect(second.resumer.journal()).toEqual([]);
  });

  it('a new cramp after the kept one ended is a new episode, and the kept one is closed once', () => {
    const path = join(dir, 'another.json');
    const sent: Episode[] = [];
    const first = run(path, sent);
    first.feed(0, 40, inCramp(20, 40));
    first.stop();
    const second = run(path, sent);
    // quiet for 30 s of stream time, then a second cramp
    second.feed(40, 400, inCramp(340, 380));
    second.endNight();
    expect(kinds(sent)).toEqual(['open', 'close', 'open', 'close']);
    expect([...new Set(sent.map((e) => e.id))]).toEqual([`${DEVICE}-${t(20)}`, `${DEVICE}-${t(340)}`]);
  });

  it('after a crash the journal still knows the open episode (end of its last update)', () => {
    const path = join(dir, 'crash.json');
    const sent: Episode[] = [];
    const cramp = inCramp(20, 60);
    run(path, sent).feed(0, 45, cramp); // never stopped: the process died
    const second = run(path, sent);
    expect(second.resumer.journal()).toMatchObject([{ id: `${DEVICE}-${t(20)}`, event: 'close', end: t(40) }]);
    second.feed(45, 100, cramp);
    second.endNight();
    expect(kinds(sent)).toEqual(['open', 'close']);
    expect(sent.at(-1)).toMatchObject({ id: `${DEVICE}-${t(20)}`, start: t(20), end: t(60) });
  });

  it('the end of the night closes what was kept; so does closeAbsent for a device that never returned', async () => {
    const sent: Episode[] = [];
    const path = join(dir, 'night.json');
    const first = run(path, sent);
    first.feed(0, 40, inCramp(20, 60));
    first.stop();
    const back = run(path, sent);
    back.feed(40, 45, () => false);
    back.endNight();
    expect(kinds(sent)).toEqual(['open', 'close']);

    const gone: Episode[] = [];
    const path2 = join(dir, 'gone.json');
    const before = run(path2, gone);
    before.feed(0, 40, inCramp(20, 60));
    before.stop();
    const resumer = new EpisodeResumer(scriptedCores().factory, path2);
    const back2 = resumer.factory('leg-02', { episode: (e) => gone.push(e), signal: () => {}, limbMovement: () => {} });
    resumer.closeAbsent({ episode: (e) => gone.push(e) }); // leg-01 is absent, leg-02 (running) has nothing kept
    expect(kinds(gone)).toEqual(['open', 'close']);
    expect(gone.at(-1)).toMatchObject({ id: `${DEVICE}-${t(20)}`, end: t(40) });
    expect(resumer.journal()).toEqual([]);
    back2.finish();
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'resume', `${DEVICE}.frames`))).toBe(false);
  });

  it('an unreadable journal is ignored, not fatal', async () => {
    const { writeFile } = await import('node:fs/promises');
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"v":1,"episodes":[{"dev');
    const sent: Episode[] = [];
    const r = run(path, sent);
    r.feed(0, 30, inCramp(10, 20));
    expect(kinds(sent)).toEqual(['open', 'close']);
  });

  describe('a detector that must learn before it sees a cramp (as the real one learns the resting level)', () => {
    it('is warmed up with the frames kept at the stop: same id, true end', async () => {
      const { existsSync } = await import('node:fs');
      const path = join(dir, 'learning.json');
      const sent: Episode[] = [];
      const cramp = inCramp(20, 60);
      const first = run(path, sent, 10);
      first.feed(0, 40, cramp);
      first.stop();
      const resumeFile = join(dir, 'resume', `${DEVICE}.frames`);
      expect(existsSync(resumeFile)).toBe(true);
      const second = run(path, sent, 10);
      second.feed(40, 100, cramp);
      second.endNight();
      expect(existsSync(resumeFile)).toBe(false);
      expect(sent.filter((e) => e.event !== 'update').map((e) => [e.event, e.id])).toEqual([
        ['open', `${DEVICE}-${t(20)}`],
        ['close', `${DEVICE}-${t(20)}`],
      ]);
      expect(sent.at(-1)).toMatchObject({ start: t(20), end: t(60) });
      expect(second.resumer.journal()).toEqual([]);
    });

    it('without the kept frames: continued by continuity if it learns in time, else closed at the last sample seen; once either way', async () => {
      const { rmSync } = await import('node:fs');
      const cases: [number, number][] = [
        [5, t(60)], // sees the cramp at frame 45, 0.5 s after the stop: the same cramp
        [100, t(40)], // learns past the cramp: cannot tell, closes at what it last saw
      ];
      for (const [learningFrames, end] of cases) {
        const path = join(dir, `learning-lost-${learningFrames}.json`);
        const sent: Episode[] = [];
        const cramp = inCramp(20, 60);
        const first = run(path, sent, 10);
        first.feed(0, 40, cramp);
        first.stop();
        rmSync(join(dir, 'resume'), { recursive: true, force: true });
        const second = run(path, sent, learningFrames);
        second.feed(40, 400, cramp);
        second.endNight();
        expect(kinds(sent)).toEqual(['open', 'close']);
        expect(sent.at(-1)).toMatchObject({ id: `${DEVICE}-${t(20)}`, start: t(20), end });
      }
    });
  });
});
