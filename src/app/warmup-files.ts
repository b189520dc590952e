// The frames a device's detector needs to be brought back to where it was (episode-resume.ts):
// one NDJSON file per device in the resume folder, written with write-then-rename so a crash
// leaves the old file or the new one, read once and removed by the next run.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccBlock, SampleFrame } from '../core/types.ts';

/** PROTOCOL §2 device id: the only names a warm-up file may have. */
const SAFE_DEVICE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

type StoredAcc = Omit<AccBlock, 'mg'> & { mg: number[] };
type StoredFrame = Omit<SampleFrame, 'emgUv' | 'acc' | 'foot'> & { emgUv: number[][]; acc?: StoredAcc; foot?: StoredAcc };

function storedFrame(frame: SampleFrame): StoredFrame {
  const acc = (block: AccBlock | undefined): StoredAcc | undefined => block && { ...block, mg: Array.from(block.mg) };
  return { ...frame, emgUv: frame.emgUv.map((uv) => Array.from(uv)), acc: acc(frame.acc), foot: acc(frame.foot) };
}

function sampleFrame(stored: StoredFrame): SampleFrame {
  // float32 values survive JSON exactly (a double prints them in full): the detector sees the same numbers
  const acc = (block: StoredAcc | undefined): AccBlock | undefined => block && { ...block, mg: Float32Array.from(block.mg) };
  const frame: SampleFrame = { ...stored, emgUv: stored.emgUv.map((uv) => Float32Array.from(uv)), acc: acc(stored.acc), foot: acc(stored.foot) };
  if (!frame.acc) delete frame.acc;
  if (!frame.foot) delete frame.foot;
  return frame;
}

export class WarmupFiles {
  constructor(readonly dir: string) {}

  keep(device: string, frames: readonly SampleFrame[]): void {
    if (!SAFE_DEVICE.test(device) || frames.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(device);
    writeFileSync(`${file}.tmp`, frames.map((f) => JSON.stringify(storedFrame(f))).join('\n') + '\n');
    renameSync(`${file}.tmp`, file);
  }

  /** The kept frames, oldest first, and the file gone; undefined when there are none (or unreadable). */
  take(device: string): SampleFrame[] | undefined {
    if (!SAFE_DEVICE.test(device)) return undefined;
    const file = this.fileOf(device);
    if (!existsSync(file)) return undefined;
    const frames: SampleFrame[] = [];
    try {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') frames.push(sampleFrame(JSON.parse(line) as StoredFrame));
    } catch {
      frames.length = 0; // unreadable: the caller resumes by continuity instead
    }
    rmSync(file, { force: true });
    return frames.length > 0 ? frames : undefined;
  }

  drop(device: string): void {
    if (SAFE_DEVICE.test(device)) rmSync(this.fileOf(device), { force: true });
  }

  private fileOf(device: string): string {
    return join(this.dir, `${device}.ndjson`);
  }
}
