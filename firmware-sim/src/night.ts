// The simulator's public face: a night's messages in arrival order, its ground truth, and a
// capture file (PROTOCOL §7) with its truth (§8) beside it. Nothing here holds a whole night:
// frames are rendered, encoded and handed on one at a time.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import { CompactCaptureWriter, COMPACT_EXTENSION } from '../../src/adapters/capture/compact-write.ts';
import { captureText, type CaptureLine } from './capture-line.ts';
import { deviceLines } from './device-lines.ts';
import { wearerDiary, type DiaryTruth } from './diary.ts';
import type { NightSpec, TruthEpisode } from './spec.ts';
import { contextTopic, FIRMWARE_VERSION, profileTopic, statusTopic } from './topics.ts';

export { randomNightSpec, type NightOptions } from './scenario/random-night.ts';
export { PRESETS } from './scenario/presets.ts';
export type { CaptureLine } from './capture-line.ts';
export type { NightSpec } from './spec.ts';

export interface Truth {
  v: 1;
  episodes: TruthEpisode[];
  /** what the night was, for people reading it (ignored by scoring) */
  night?: { seed: number; preset?: string; startMs: number; endMs: number; devices: { id: string; leg: string; emgFsHz: number; channels: string[]; foot: boolean }[] };
  /** what each line of the wearer's diary stands for (PROTOCOL §10.4; ignored by scoring) */
  diary?: DiaryTruth;
}

export interface MessageOptions {
  /** binary frames (base64 in captures) instead of JSON */
  binary?: boolean;
  /** send `offline` status at the end (the will a broker publishes when the sensor vanishes); default true */
  offline?: boolean;
  /** the app sends the wearer's diary in the morning, after the night (diary.ts); default true */
  diary?: boolean;
}

/** Status, profile and context first (retained ones as a broker hands them to a new subscriber), then frames. */
export function headerLines(spec: NightSpec): CaptureLine[] {
  const lines: CaptureLine[] = [];
  const t = spec.startMs - 5000;
  spec.devices.forEach((device, d) => {
    lines.push({ rx: t + d, topic: statusTopic(device.id), json: { v: 1, state: 'online', fw: FIRMWARE_VERSION, t: t + d } });
    lines.push({ rx: t + d + 10, topic: profileTopic(device.id), json: { ...spec.profile, leg: device.leg } });
    lines.push({ rx: t + d + 20, topic: contextTopic(device.id), json: spec.context });
  });
  return lines.sort((a, b) => a.rx - b.rx);
}

/** Every message of the night in arrival order (merging the devices by receive time). */
export function* nightMessages(spec: NightSpec, options: MessageOptions = {}): Generator<CaptureLine> {
  yield* headerLines(spec);
  const streams = spec.devices.map((_, d) => deviceLines(spec, d, options));
  const heads = streams.map((s) => s.next());
  for (;;) {
    let best = -1;
    for (let d = 0; d < heads.length; d++) {
      const head = heads[d];
      if (head.done) continue;
      if (best < 0 || head.value.rx < (heads[best].value as CaptureLine).rx) best = d;
    }
    if (best < 0) break;
    yield heads[best].value as CaptureLine;
    heads[best] = streams[best].next();
  }
  if (options.offline !== false) {
    // the broker publishes the will once keep-alive runs out after the last frame
    for (const [d, device] of spec.devices.entries()) {
      const t = spec.endMs + 30_000 + d;
      yield { rx: t, topic: statusTopic(device.id), json: { v: 1, state: 'offline', fw: FIRMWARE_VERSION, t } };
    }
  }
  if (options.diary !== false) yield wearerDiary(spec).line;
}

export function nightTruth(spec: NightSpec): Truth {
  return {
    v: 1,
    episodes: spec.truth,
    night: {
      seed: spec.seed,
      preset: spec.preset,
      startMs: spec.startMs,
      endMs: spec.endMs,
      devices: spec.devices.map((d) => ({ id: d.id, leg: d.leg, emgFsHz: d.emgFsHz, channels: d.channels, foot: d.foot })),
    },
    diary: wearerDiary(spec).truth,
  };
}

async function writeNdjsonLines(spec: NightSpec, path: string, options: MessageOptions): Promise<number> {
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(path);
  gzip.pipe(file);
  let lines = 0;
  for (const line of nightMessages(spec, options)) {
    lines++;
    if (!gzip.write(captureText(line) + '\n')) await once(gzip, 'drain');
  }
  gzip.end();
  await once(file, 'close');
  return lines;
}

/** The same lines as a compact capture (docs/compact-capture.md): converted back, the NDJSON capture's. */
async function writeCompactLines(spec: NightSpec, path: string, options: MessageOptions): Promise<number> {
  const writer = new CompactCaptureWriter(path);
  let lines = 0;
  for (const line of nightMessages(spec, options)) {
    lines++;
    // a garbage line is kept as it is, split where an NDJSON reader would split it
    const written = line.raw !== undefined ? line.raw.split('\n').map((part) => writer.writeLine(Buffer.from(part))).every(Boolean) : writer.write(line);
    if (!written) await writer.drained();
  }
  await writer.close();
  return lines;
}

export function truthPathFor(capturePath: string): string {
  return capturePath.replace(/\.(ndjson(\.gz)?|cwcap)$/, '') + '.truth.json';
}

/** Writes the night as a gzip NDJSON capture, or a compact one (a path ending in .cwcap), and its truth beside it. */
export async function writeCapture(spec: NightSpec, path: string, options: MessageOptions = {}): Promise<{ truthPath: string; lines: number }> {
  const lines = path.endsWith(COMPACT_EXTENSION) ? await writeCompactLines(spec, path, options) : await writeNdjsonLines(spec, path, options);
  const truthPath = truthPathFor(path);
  const truth = nightTruth(spec);
  if (options.diary === false) delete truth.diary;
  await writeFile(truthPath, JSON.stringify(truth, null, 1) + '\n');
  return { truthPath, lines };
}
