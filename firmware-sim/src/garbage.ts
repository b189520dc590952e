// Messages that must be rejected and counted, never crash anything: the bad cases of PROTOCOL §3
// and of the binary frame, and capture lines that are not JSON at all.
import type { GarbageKind } from './spec.ts';
import type { CaptureLine } from './capture-line.ts';

export function garbageLine(kind: GarbageKind, rx: number, topic: string, seq: number, tMs: number): CaptureLine {
  const frame = { v: 1, seq, t: tMs, emg: { fs: 1000, ch: ['gastrocnemius', 'tibialis_anterior'], uv: [[1.5, -2.25, 0.5], [0.25, 0.75, -1]] } };
  switch (kind) {
    case 'not_json':
      // a line cut short, as when a recorder loses power mid-write
      return { rx, topic, raw: `{"rx":${rx},"topic":"${topic}","json":{"v":1,"seq":${seq},"t":` };
    case 'truncated_json':
      return { rx, topic, b64: Buffer.from(`{"v":1,"seq":${seq},"t":${tMs},"emg":{"fs":1000,"ch":["gastrocnemius"],"uv":[[1.5,`).toString('base64') };
    case 'missing_seq': {
      const { seq: _, ...rest } = frame;
      return { rx, topic, json: rest };
    }
    case 'ragged':
      return { rx, topic, json: { ...frame, emg: { ...frame.emg, uv: [[1, 2, 3], [1, 2]] } } };
    case 'bad_channel':
      return { rx, topic, json: { ...frame, emg: { ...frame.emg, ch: ['calf', 'tibialis_anterior'] } } };
    case 'fs_out_of_range':
      return { rx, topic, json: { ...frame, emg: { ...frame.emg, fs: 100 } } };
    case 'string_sample':
      return { rx, topic, json: { ...frame, emg: { ...frame.emg, uv: [[1, 'NaN', 3], [1, 2, 3]] } } };
    case 'bad_binary': {
      const bytes = Buffer.from([0x43, 0x57, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xe8, 0x03, 2, 0, 10, 0]);
      return { rx, topic, b64: bytes.toString('base64') };
    }
  }
}
