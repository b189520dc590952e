// The one place a wire message becomes a typed value: topic, size, JSON or binary, schema.
// Returns a result, never throws: rejections carry a code (src/protocol/rejection.ts).
import type { ContextLog, Profile, SampleFrame } from '../core/types.ts';
import { decodeBinaryFrame, isBinaryPayload, type BinaryFrameContent } from './binary.ts';
import { MAX_PAYLOAD_BYTES } from './frame-limits.ts';
import { jsonFrameSchema, type JsonFrame } from './frame-schema.ts';
import { checkedJsonFrame } from './json-frame-check.ts';
import { readJsonFrameText, type FrameContent, type FrameTextRead } from './json-frame-text.ts';
import { checkedContext, checkedDiary, checkedProfile, checkedStatus } from './message-check.ts';
import { contextSchema, diarySchema, profileSchema, statusSchema, type Diary, type Status } from './messages.ts';
import { reject, type Rejection } from './rejection.ts';
import { parseInboundTopic } from './topics.ts';
import { rejectionFromZod } from './zod-reason.ts';

export type InboundMessage =
  | { ok: true; kind: 'frames'; device: string; frame: SampleFrame }
  | { ok: true; kind: 'status'; device: string; status: Status }
  | { ok: true; kind: 'profile'; device: string; profile: Profile }
  | { ok: true; kind: 'context'; device: string; context: ContextLog }
  | { ok: true; kind: 'diary'; device: string; diary: Diary };

/**
 * A payload as it arrived (bytes, live), as a capture holds it (already-parsed JSON), or a JSON
 * frame a capture line held, already read by readCaptureLineText (where its text lies kept for a
 * rejection: a view of it a frame would cost more than reading the frame's header).
 */
export type Payload = WirePayload | FrameTextPayload;
/** A payload as it crossed the broker: what a rejected message is kept as. */
export type WirePayload = { bytes: Uint8Array } | { json: unknown };
export type FrameTextPayload = FrameTextRead;

export function decodeMessage(topic: string, payload: Payload): InboundMessage | Rejection {
  const route = parseInboundTopic(topic);
  if (!route.ok) return route;
  const { device, kind } = route;
  if ('bytes' in payload && payload.bytes.length > MAX_PAYLOAD_BYTES) {
    return reject('too_large', `payload of ${payload.bytes.length} bytes exceeds 256 KiB`);
  }
  if ('frame' in payload) {
    if (kind === 'frames') return frameMessage(device, payload.frame);
    payload = wirePayload(payload);
  }
  if (kind === 'frames' && 'bytes' in payload && isBinaryPayload(payload.bytes)) {
    const decoded = decodeBinaryFrame(payload.bytes);
    return decoded.ok ? frameMessage(device, decoded) : decoded;
  }
  let json: { ok: true; value: unknown } | Rejection;
  if ('json' in payload) json = { ok: true, value: payload.json };
  else {
    // a frame read straight into its typed arrays (only ASCII, so valid UTF-8, if it is taken);
    // anything that path does not take is decoded and parsed whole
    if (kind === 'frames') {
      const read = readJsonFrameText(endMarked(payload.bytes), 0);
      if (read && read.end === payload.bytes.length) return frameMessage(device, read.content);
    }
    const text = utf8Text(payload.bytes);
    if (text === undefined) return badJson();
    json = parseJson(text);
  }
  if (!json.ok) return json;
  // each kind: the hand-written checks first, zod (loaded then) for what they do not pass
  switch (kind) {
    case 'frames': {
      const checked = checkedJsonFrame(json.value);
      if (checked) return frameMessage(device, fromJsonFrame(checked));
      const parsed = jsonFrameSchema.safeParse(json.value);
      return parsed.success ? frameMessage(device, fromJsonFrame(parsed.data)) : rejectionFromZod(parsed.error);
    }
    case 'status': {
      const status = checkedStatus(json.value);
      if (status) return { ok: true, kind, device, status };
      const parsed = statusSchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, status: parsed.data } : rejectionFromZod(parsed.error);
    }
    case 'profile': {
      const profile = checkedProfile(json.value);
      if (profile) return { ok: true, kind, device, profile };
      const parsed = profileSchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, profile: parsed.data as Profile } : rejectionFromZod(parsed.error);
    }
    case 'context': {
      const context = checkedContext(json.value);
      if (context) return { ok: true, kind, device, context };
      const parsed = contextSchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, context: parsed.data as ContextLog } : rejectionFromZod(parsed.error);
    }
    case 'diary': {
      const diary = checkedDiary(json.value);
      if (diary) return { ok: true, kind, device, diary };
      const parsed = diarySchema.safeParse(json.value);
      return parsed.success ? { ok: true, kind, device, diary: parsed.data } : rejectionFromZod(parsed.error);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as it crossed the broker, for keeping a rejected message. */
export function wirePayload(payload: Payload): WirePayload {
  if (!('frame' in payload)) return payload;
  const { textBytes, textStart, textEnd } = payload;
  return { json: JSON.parse(utf8.decode(textBytes.subarray(textStart, textEnd))) };
}

/** a payload's copy with a 0 after it, as readJsonFrameText needs: reused, grown as needed */
let marked = new Uint8Array(4096);

/** The bytes, copied into `marked` with a 0 after them (the payload's own buffer may end with it). */
function endMarked(bytes: Uint8Array): Uint8Array {
  if (marked.length <= bytes.length) marked = new Uint8Array(Math.max(2 * marked.length, bytes.length + 1));
  marked.set(bytes);
  marked[bytes.length] = 0;
  return marked;
}

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function badJson(): Rejection {
  return reject('bad_json', 'payload is neither the binary frame encoding nor valid UTF-8 JSON');
}

function parseJson(text: string): { ok: true; value: unknown } | Rejection {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return badJson();
  }
}

/** One Float32Array per channel; `new Float32Array(array)` copies a plain array without the
 *  iterator protocol `Float32Array.from` goes through (a quarter less a frame). */
function float32Channels(channels: number[][]): Float32Array[] {
  const out: Float32Array[] = new Array(channels.length);
  for (let c = 0; c < channels.length; c++) out[c] = new Float32Array(channels[c]);
  return out;
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

function fromJsonFrame(frame: JsonFrame): FrameContent {
  return {
    seq: frame.seq,
    tMs: frame.t,
    emgFsHz: frame.emg.fs,
    channels: frame.emg.ch,
    emgUv: float32Channels(frame.emg.uv),
    acc: frame.acc && { fsHz: frame.acc.fs, tMs: frame.acc.t ?? frame.t, mg: flattenTriplets(frame.acc.mg) },
    foot: frame.foot && { fsHz: frame.foot.fs, tMs: frame.foot.t ?? frame.t, mg: flattenTriplets(frame.foot.mg) },
    thigh: frame.thigh && { fsHz: frame.thigh.fs, tMs: frame.thigh.t ?? frame.t, mg: flattenTriplets(frame.thigh.mg) },
    tempC: frame.temp,
    battery: frame.bat,
  };
}

function frameMessage(device: string, content: FrameContent): InboundMessage | Rejection {
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
