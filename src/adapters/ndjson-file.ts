// An append-only NDJSON file with a size cap: past it the file is rotated to `.1`, so a flood of
// garbage can never fill the disk, and the most recent lines are always kept.
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export class NdjsonFile {
  private bytes: number;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes = Infinity,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.bytes = existsSync(path) ? statSync(path).size : 0;
  }

  append(value: unknown): void {
    const line = JSON.stringify(value) + '\n';
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes > 256 * 1024) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    if (this.bytes + this.pendingBytes > this.maxBytes && this.bytes > 0) {
      renameSync(this.path, `${this.path}.1`);
      this.bytes = 0;
    }
    const text = this.pending.join('');
    appendFileSync(this.path, text);
    this.bytes += Buffer.byteLength(text);
    this.pending = [];
    this.pendingBytes = 0;
  }
}
