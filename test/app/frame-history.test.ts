// The resumer's compact frame history (src/app/frame-history.ts): frames come back as they went
// in, within the 6-bit companding of compact-frame.ts; the oldest go first; the buffer is bounded by what
// is kept, and gives back what a long cramp's history took.
import { describe, expect, it } from 'vitest';
import { decodeFrameRecords, FrameHistory } from '../../src/app/frame-history.ts';
import type { SampleFrame } from '../../src/core/types.ts';
import { FRAME_MS, NIGHT_START_MS } from '../helpers/frames.ts';

const DEVICE = 'leg-01';

/** 100 ms at 1 kHz on two channels, in 0.25 µV ADC steps (as firmware-sim sends them), with an accelerometer. */
function frame(seq: number, amplitudeUv = 200, emgFsHz = 1000, accFsHz = 50): SampleFrame {
  const samples = Math.round((emgFsHz * FRAME_MS) / 1000);
  const channel = (phase: number) => Float32Array.from({ length: samples }, (_, i) => Math.round((amplitudeUv * Math.sin(i * 0.7 + phase + seq)) / 0.25) * 0.25);
  const accSamples = Math.round((accFsHz * FRAME_MS) / 1000);
  return {
    device: DEVICE,
    seq,
    tMs: NIGHT_START_MS + seq * FRAME_MS,
    emgFsHz,
    channels: ['gastrocnemius', 'tibialis_anterior'],
    emgUv: [channel(0), channel(1)],
    acc: { fsHz: accFsHz, tMs: NIGHT_START_MS + seq * FRAME_MS, mg: Float32Array.from({ length: accSamples * 3 }, (_, i) => (i % 3 === 2 ? 1000 : 12.5 * Math.cos(i))) },
    tempC: 33.5,
    battery: 0.75,
  };
}

function maxError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('FrameHistory', () => {
  it('gives frames back within √(|x|·peak)/31 + peak/3844 a sample, times, channels and metadata exact', () => {
    const history = new FrameHistory(DEVICE, 1000);
    const input = [frame(0), frame(1, 5000), frame(2, 3)];
    for (const f of input) history.push(f);
    const output = history.frames();
    expect(output).toHaveLength(3);
    output.forEach((got, k) => {
      const want = input[k];
      expect({ ...got, emgUv: undefined, acc: undefined }).toEqual({ ...want, emgUv: undefined, acc: undefined });
      for (let c = 0; c < 2; c++) {
        const peak = Math.max(...want.emgUv[c].map(Math.abs));
        for (let i = 0; i < want.emgUv[c].length; i++) {
          const x = want.emgUv[c][i];
          // the companding's bound, and float32 rounding
          expect(Math.abs(got.emgUv[c][i] - x)).toBeLessThanOrEqual(Math.sqrt(Math.abs(x) * peak) / 31 + peak / 3844 + peak * 2 ** -22);
        }
        // the frame's RMS, what the detector's envelope is made of, within 0.5 %
        const rms = (a: Float32Array) => Math.sqrt(a.reduce((sum, v) => sum + v * v, 0) / a.length);
        expect(Math.abs(rms(got.emgUv[c]) / rms(want.emgUv[c]) - 1)).toBeLessThan(0.005);
      }
      expect(got.acc!.fsHz).toBe(want.acc!.fsHz);
      expect(maxError(got.acc!.mg, want.acc!.mg)).toBeLessThan(0.02);
    });
  });

  it('keeps times and rates a float32 cannot hold exactly', () => {
    const history = new FrameHistory(DEVICE, 1000);
    const odd = frame(0, 200, 1000 / 3, 12.5);
    odd.acc!.tMs += 1 / 3;
    history.push(odd);
    history.push(frame(1));
    const [back, next] = history.frames();
    expect({ ...back, emgUv: undefined, acc: { ...back.acc, mg: undefined } }).toEqual({ ...odd, emgUv: undefined, acc: { ...odd.acc, mg: undefined } });
    expect(next.seq).toBe(1);
  });

  it('drops the frames ending before a time (one ending at it stays), always keeping the newest', () => {
    const history = new FrameHistory(DEVICE, 1000);
    for (let seq = 0; seq < 50; seq++) {
      history.push(frame(seq));
      history.dropEndingBefore(NIGHT_START_MS + (seq + 1) * FRAME_MS - 1000);
    }
    expect(history.frames().map((f) => f.seq)).toEqual([39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    history.dropEndingBefore(Infinity);
    expect(history.frames().map((f) => f.seq)).toEqual([49]);
  });

  it('holds a window in a buffer its size, grows for a long history and shrinks back after it', () => {
    const history = new FrameHistory(DEVICE, 1000);
    const window = (seq: number) => NIGHT_START_MS + (seq + 1) * FRAME_MS - 1000;
    let seq = 0;
    for (; seq < 100; seq++) {
      history.push(frame(seq));
      history.dropEndingBefore(window(seq));
    }
    const usual = history.capacityBytes;
    expect(usual).toBeLessThan(history.bytes().length * 1.5);
    // a cramp: everything since seq 100 is kept
    for (; seq < 400; seq++) history.push(frame(seq));
    expect(history.length).toBe(311);
    expect(history.capacityBytes).toBeGreaterThan(20 * usual);
    history.dropEndingBefore(window(seq - 1));
    expect(history.capacityBytes).toBeLessThanOrEqual(2 * usual);
    expect(history.frames().map((f) => f.seq)).toEqual(Array.from({ length: 11 }, (_, k) => 389 + k));
    history.clear();
    expect(history.length).toBe(0);
    expect(history.capacityBytes).toBe(0);
  });

  it('reads nothing from damaged records', () => {
    const history = new FrameHistory(DEVICE, 1000);
    history.push(frame(0));
    history.push(frame(1));
    const bytes = history.bytes().slice();
    expect(decodeFrameRecords(DEVICE, bytes)).toHaveLength(2);
    expect(decodeFrameRecords(DEVICE, bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    bytes[0] += 1; // a record's length that does not match its contents
    expect(decodeFrameRecords(DEVICE, bytes)).toBeUndefined();
  });
});
