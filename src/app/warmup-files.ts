// The frames a device's detector needs to be brought back to where it was (episode-resume.ts):
// one file per device in the resume folder, {device}.frames, holding the device's frame history
// as frame-history.ts keeps it in memory (compact-frame.ts records after a 4-byte header), so
// saving it at each event of an open cramp is one write, with no decoding. Written with
// write-then-rename so a crash leaves the old file or the new one, read once and removed by the
// next run.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleFrame } from '../core/types.ts';
import { decodeFrameRecords } from './frame-history.ts';

/** PROTOCOL §2 device id: the only names a warm-up file may have. */
const SAFE_DEVICE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** 'CWF' and the layout's version: a file of another version is not read (the caller resumes without it) */
const FILE_HEADER = Uint8Array.of(0x43, 0x57, 0x46, 2);

export class WarmupFiles {
  constructor(readonly dir: string) {}

  /** `records`: FrameHistory.bytes(), the device's frames oldest first. */
  keep(device: string, records: Uint8Array): void {
    if (!SAFE_DEVICE.test(device) || records.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(device);
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      writeSync(fd, FILE_HEADER);
      for (let at = 0; at < records.length; ) at += writeSync(fd, records, at);
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
  }

  /** The kept frames, oldest first, and the file gone; undefined when there are none (or unreadable). */
  take(device: string): SampleFrame[] | undefined {
    if (!SAFE_DEVICE.test(device)) return undefined;
    const file = this.fileOf(device);
    if (!existsSync(file)) return undefined;
    let frames: SampleFrame[] | undefined;
    try {
      const bytes = readFileSync(file);
      // unreadable: the caller resumes by continuity instead
      if (FILE_HEADER.every((b, i) => bytes[i] === b)) frames = decodeFrameRecords(device, bytes.subarray(FILE_HEADER.length));
    } catch {
      frames = undefined;
    }
    rmSync(file, { force: true });
    return frames && frames.length > 0 ? frames : undefined;
  }

  drop(device: string): void {
    if (SAFE_DEVICE.test(device)) rmSync(this.fileOf(device), { force: true });
  }

  private fileOf(device: string): string {
    return join(this.dir, `${device}.frames`);
  }
}
