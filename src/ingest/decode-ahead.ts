// What a replay's reading thread (src/adapters/capture/read-worker.ts) does with each capture
// line it read: a frame is decoded there by decodeMessage, as the Ingestor would decode it, and
// packed for the main thread; every other line goes on as it came, for the main thread's usual
// path (status, profile, context and diary messages are a handful a night, rejections rarer).
import { decodeMessage } from '../protocol/decode.ts';
import { payloadOf, type Base64Payloads, type CaptureRecord } from './capture-line.ts';
import type { FrameBatchWriter } from './frame-batch.ts';
import type { ReplayLine } from './replay.ts';

export function decodeAhead(line: string | CaptureRecord, writer: FrameBatchWriter, base64: Base64Payloads): void {
  if (typeof line === 'string') return writer.pass(line);
  const message = decodeMessage(line.topic, line.frame ?? (line.b64 !== undefined ? base64.payload(line.b64) : payloadOf(line)));
  if (message.ok && message.kind === 'frames') writer.frame(line.rx, message.frame);
  else writer.pass(undecoded(line));
}

/**
 * The record as the main thread can take it over postMessage. A frame the fast reader read (its
 * samples in a shared pool) goes as its text parsed: on any topic but a frames one decodeMessage
 * reads that as it reads the frame (a rejected topic keeps the payload as that JSON either way,
 * another kind parses the text), and on a frames topic such a frame always decodes (the fast
 * reader takes only valid frames), so never gets here. Bytes are copied out of the chunk they
 * lie in, which a clone would copy whole.
 */
function undecoded(line: CaptureRecord): ReplayLine {
  if (line.frame) return { rx: line.rx, topic: line.topic, json: JSON.parse(line.frame.text) };
  if (line.bytes) return { rx: line.rx, topic: line.topic, bytes: line.bytes.slice() };
  return line;
}
