// A rendered frame as it goes on the wire: the JSON sample frame of PROTOCOL §3, or the binary
// frame (src/protocol/binary.ts) carried base64 in a capture line.
import { encodeBinaryFrame } from '../../src/protocol/binary.ts';
import type { AccBlock } from '../../src/core/types.ts';
import type { RenderedFrame } from './device-stream.ts';

function rows(block: AccBlock): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < block.mg.length; i += 3) out.push([block.mg[i], block.mg[i + 1], block.mg[i + 2]]);
  return out;
}

/** Samples are already whole ADC steps; two decimals print them exactly without float32 noise. */
function roundedUv(samples: Float32Array): number[] {
  const out = new Array<number>(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.round(samples[i] * 100) / 100;
  return out;
}

export function jsonFrame(frame: RenderedFrame): Record<string, unknown> {
  const json: Record<string, unknown> = {
    v: 1,
    seq: frame.seq,
    t: frame.tMs,
    emg: { fs: frame.emgFsHz, ch: [...frame.channels], uv: frame.emgUv.map(roundedUv) },
  };
  if (frame.acc) json.acc = { fs: frame.acc.fsHz, t: Math.round(frame.acc.tMs * 100) / 100, mg: rows(frame.acc) };
  if (frame.foot) json.foot = { fs: frame.foot.fsHz, t: Math.round(frame.foot.tMs * 100) / 100, mg: rows(frame.foot) };
  if (frame.thigh) json.thigh = { fs: frame.thigh.fsHz, t: Math.round(frame.thigh.tMs * 100) / 100, mg: rows(frame.thigh) };
  if (frame.tempC !== undefined) json.temp = frame.tempC;
  if (frame.battery !== undefined) json.bat = frame.battery;
  return json;
}

export function binaryFrame(frame: RenderedFrame): Uint8Array {
  return encodeBinaryFrame({
    seq: frame.seq,
    tMs: frame.tMs,
    emgFsHz: frame.emgFsHz,
    channels: frame.channels,
    emgUv: frame.emgUv,
    acc: frame.acc,
    foot: frame.foot,
    thigh: frame.thigh,
    tempC: frame.tempC,
    battery: frame.battery,
  });
}
