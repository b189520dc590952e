// The one place a wire message becomes a typed value: topic, size, JSON or binary, schema.
// Returns a result, never throws: rejections carry a code (src/protocol/rejection.ts).
import type { ContextLog, Profile, SampleFrame } from '../core/types.ts';
import { decodeBinaryFrame, isBinaryPayload, type BinaryFrameContent } from './binary.ts';
import { MAX_PAYLOAD_BYTES, jsonFrameSchema, type JsonFrame } from './frame-schema.ts';
import { checkedJsonFrame } from './json-frame-check.ts';
import { contextSchema, profileSchema, statusSchema, type Status } from './messages.ts';
import { reject, type Rejection } from './rejection.ts';
import { parseInboundTopic } from './topics.ts';
import { rejectionFromZod } from './zod-reason.ts';

export type InboundMessage =
  | { ok: true; kind: 'frames'; device: string; frame: SampleFrame }
  | { ok: true; kind: 'status'; device: string; status: Status }
  | { ok: true; kind: 'profile'; device: string; profile: Profile }
  | { ok: true; kind: 'context'; device: string; context: ContextLog };

/** A payload as it arrived (bytes, live) or as a capture holds it (already-parsed JSON). */
export type Payload = { bytes: Uint8Array } | { json: unknown };

export function decodeMessage(topic: string, payload: Payload): InboundMessage | Rejection {
  const route = parseInboundTopic(topic);
  if (!route.ok) return route;
  const { device, kind } = route;
  if ('bytes' in payload && payload.bytes.length > MAX_PAYLOAD_BYTES) {
    return reject('too_large', `payload of ${payload.bytes.length} bytes exceeds 256 KiB`);
  }
  if (kind === 'frames' && 'bytes' in payload && isBinaryPayload(payload.bytes)) {
    const decoded = decodeBinaryFrame(payload.bytes);
    return decoded.ok ? frameMessage(device, decoded) : decoded;
  }
  const json = 'json' in payload ? { ok: true as const, value: payload.json } : parseJson(payload.bytes);
  if (!json.ok) return json;
  switch (kind) {
    case 'frames': {
      const checked = checkedJsonFrame(json.value);
      if (checked) return frameMessage(device, fromJsonFrame(checked));
      const parsed = jsonFrameSchema.safeParse(json.value);
      return parsed.success ? frameMessage(device, fromJsonFrame(parsed.data)) : rejectionFromZod(parsed.error);
    }
    case 'status': {
      const parsed = statusSchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, status: parsed.data } : rejectionFromZod(parsed.error);
    }
    case 'profile': {
      const parsed = profileSchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, profile: parsed.data as Profile } : rejectionFromZod(parsed.error);
    }
    case 'context': {
      const parsed = contextSchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, context: parsed.data as ContextLog } : rejectionFromZod(parsed.error);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | Rejection {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(bytes)) };
  } catch {
    return reject('bad_json', 'payload is neither the binary frame encoding nor valid UTF-8 JSON');
  }
}

function flattenTriplets(rows: number[][]): Float32Array {
  const out = new Float32Array(rows.length * 3);
  for (let i = 0; i < rows.length; i++) {
    out[3 * i] = rows[i][0];
    out[3 * i + 1] = rows[i][1];
    out[3 * i + 2] = rows[i][2];
  }
  return out;
}

function fromJsonFrame(frame: JsonFrame): BinaryFrameContent & { emgUv: Float32Array[] } {
  return {
    seq: frame.seq,
    tMs: frame.t,
    emgFsHz: frame.emg.fs,
    channels: frame.emg.ch,
    emgUv: frame.emg.uv.map((channel) => Float32Array.from(channel)),
    acc: frame.acc && { fsHz: frame.acc.fs, tMs: frame.acc.t ?? frame.t, mg: flattenTriplets(frame.acc.mg) },
    foot: frame.foot && { fsHz: frame.foot.fs, tMs: frame.foot.t ?? frame.t, mg: flattenTriplets(frame.foot.mg) },
    thigh: frame.thigh && { fsHz: frame.thigh.fs, tMs: frame.thigh.t ?? frame.t, mg: flattenTriplets(frame.thigh.mg) },
    tempC: frame.temp,
    battery: frame.bat,
  };
}

function frameMessage(device: string, content: BinaryFrameContent & { emgUv: Float32Array[] }): InboundMessage | Rejection {
  if (content.battery !== undefined && (content.battery < 0 || content.battery > 1)) return reject('bad_schema', 'bat must be within 0..1');
  return { ok: true, kind: 'frames', device, frame: sampleFrameOf(device, content) };
}

/** A frame's decoded content (binary or JSON) as the core takes it: optional parts only when present. */
export function sampleFrameOf(device: string, content: BinaryFrameContent & { emgUv: Float32Array[] }): SampleFrame {
  const frame: SampleFrame = {
    device,
    seq: content.seq,
    tMs: content.tMs,
    emgFsHz: content.emgFsHz,
    channels: content.channels,
    emgUv: content.emgUv,
  };
  if (content.acc) frame.acc = content.acc;
  if (content.foot) frame.foot = content.foot;
  if (content.thigh) frame.thigh = content.thigh;
  if (content.tempC !== undefined) frame.tempC = content.tempC;
  if (content.battery !== undefined) frame.battery = content.battery;
  return frame;
}
