// Where each device's recent frames sit in the frames stream: per device, the stream sequence of
// each frame handed to its detector with the frame's end time, kept as far back as a warm-up
// would need them (episode-resume.ts: warmupMs before the oldest open episode's start, else
// warmupMs; never more than maxHistoryMs). The stream holds the frames themselves, so a new owner
// reads them back from there; only these numbers live in the worker, 16 bytes a frame.
export class StreamPositions {
  private readonly devices = new Map<string, { endMs: number[]; seq: number[]; head: number }>();
  /** the start of each device's oldest open episode, device clock */
  private readonly openStartMs = new Map<string, number>();

  constructor(
    private readonly warmupMs: number,
    private readonly maxHistoryMs: number,
  ) {}

  /** The journal changed (episode-resume.ts ResumeStore.save): which devices have something open. */
  setOpenEpisodes(episodes: readonly { device: string; start: number }[]): void {
    this.openStartMs.clear();
    for (const e of episodes) this.openStartMs.set(e.device, Math.min(this.openStartMs.get(e.device) ?? Infinity, e.start));
  }

  add(device: string, frameEndMs: number, streamSeq: number): void {
    let ring = this.devices.get(device);
    if (!ring) this.devices.set(device, (ring = { endMs: [], seq: [], head: 0 }));
    ring.endMs.push(frameEndMs);
    ring.seq.push(streamSeq);
    const keepFromMs = Math.max(Math.min(this.openStartMs.get(device) ?? frameEndMs, frameEndMs) - this.warmupMs, frameEndMs - this.maxHistoryMs);
    while (ring.head < ring.endMs.length - 1 && ring.endMs[ring.head] < keepFromMs) ring.head++;
    if (ring.head > 256 && ring.head * 2 > ring.endMs.length) {
      ring.endMs.splice(0, ring.head);
      ring.seq.splice(0, ring.head);
      ring.head = 0;
    }
  }

  forget(device: string): void {
    this.devices.delete(device);
  }

  /** The first stream sequence any device's warm-up needs; `otherwise` when none does. */
  fromSeq(otherwise: number): number {
    let from = otherwise;
    for (const ring of this.devices.values()) if (ring.head < ring.seq.length) from = Math.min(from, ring.seq[ring.head]);
    return from;
  }
}
