// A capture writer chosen by the file's name: `.cwcap` is the compact capture
// (docs/compact-capture.md), anything else gzip NDJSON (PROTOCOL §7).
import { CompactCaptureWriter, COMPACT_EXTENSION } from './compact-write.ts';
import { CaptureWriter } from './write.ts';

export type AnyCaptureWriter = CaptureWriter | CompactCaptureWriter;

export function isCompactCapturePath(path: string): boolean {
  return path.endsWith(COMPACT_EXTENSION);
}

export function openCaptureWriter(path: string): AnyCaptureWriter {
  return isCompactCapturePath(path) ? new CompactCaptureWriter(path) : new CaptureWriter(path);
}
