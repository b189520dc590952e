// What simulated sensors publish in the live benchmark: two minutes of the bench night as binary
// frames (src/protocol/binary.ts) or JSON frames (PROTOCOL §3, as firmware-sim writes them),
// cycled. A binary publish copies a template and stamps its own sequence number and times into
// the header, without encoding anything again; a JSON one is stringified with its own.
import { renderDevice } from '../firmware-sim/src/index.ts';
import { jsonFrame } from '../firmware-sim/src/frame-encoding.ts';
import { encodeBinaryFrame } from '../src/protocol/binary.ts';
import { benchNightSpec } from './night-spec.ts';

const HEADER_BYTES = 28;
const SEQ_OFFSET = 4;
const T_OFFSET = 8;

export type LivePayload = 'json' | 'binary';

export interface PayloadTemplates {
  encoding: LivePayload;
  frames: Uint8Array[];
  /** the JSON frames, when the encoding is JSON */
  json: Record<string, unknown>[];
  /** where the calf accelerometer block's time sits in each frame, or -1 */
  accTimeOffsets: number[];
  frameMs: number;
}

export function payloadTemplates(minutes = 2, encoding: LivePayload = 'binary'): PayloadTemplates {
  const spec = benchNightSpec(minutes / 60);
  const device = spec.devices[0];
  const frames: Uint8Array[] = [];
  const accTimeOffsets: number[] = [];
  const json: Record<string, unknown>[] = [];
  for (const frame of renderDevice(spec, 0)) {
    frames.push(encodeBinaryFrame(frame));
    if (encoding === 'json') json.push(jsonFrame(frame));
    // the acc block follows the channel codes and the int16 EMG samples
    const emgBytes = frame.channels.length + frame.channels.length * frame.emgUv[0].length * 2;
    accTimeOffsets.push(frame.acc ? HEADER_BYTES + emgBytes : -1);
  }
  return { encoding, frames, json, accTimeOffsets, frameMs: (device.frameSamples * 1000) / device.emgFsHz };
}

/** A fresh payload: template k with this seq, first-sample time tMs (and the acc block's). */
export function stampedPayload(templates: PayloadTemplates, k: number, seq: number, tMs: number): Buffer {
  const index = k % templates.frames.length;
  if (templates.encoding === 'json') {
    const frame = templates.json[index] as { seq: number; t: number; acc?: { t?: number } };
    frame.seq = seq >>> 0;
    frame.t = tMs;
    if (frame.acc) frame.acc.t = tMs;
    return Buffer.from(JSON.stringify(frame));
  }
  const payload = Buffer.from(templates.frames[index]);
  payload.writeUInt32LE(seq >>> 0, SEQ_OFFSET);
  payload.writeDoubleLE(tMs, T_OFFSET);
  const accOffset = templates.accTimeOffsets[index];
  if (accOffset >= 0) payload.writeDoubleLE(tMs, accOffset);
  return payload;
}
