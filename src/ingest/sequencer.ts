// Puts one device's frames back in sequence order (PROTOCOL §3 `seq`): drops duplicates, waits a
// little for frames that arrive out of order, and declares a gap when a missing frame does not
// come in time. Driven by an injected clock (receive time), so live and replay behave alike.
import type { SampleFrame } from '../core/types.ts';

const SEQ_SPAN = 2 ** 32;
const HALF_SPAN = 2 ** 31;

export interface SequencerOptions {
  /** how long a frame may wait for a missing predecessor, ms of receive time */
  holdMs: number;
  /** how many frames may wait at most; beyond this the oldest gap is declared at once */
  maxHeld: number;
}

export const DEFAULT_SEQUENCER_OPTIONS: SequencerOptions = { holdMs: 2000, maxHeld: 64 };

export interface SequencerOutput {
  frame(frame: SampleFrame): void;
  /** samples between fromMs and toMs are missing */
  gap(fromMs: number, toMs: number, missingFrames: number): void;
  duplicate(frame: SampleFrame): void;
  /** a frame that came after its gap was already declared, too late to be put in order */
  late(frame: SampleFrame): void;
}

interface Held {
  frame: SampleFrame;
  rxMs: number;
}

/** Signed distance from a to b on the wrapping 32-bit sequence circle. */
export function seqDistance(a: number, b: number): number {
  const d = (b - a + SEQ_SPAN) % SEQ_SPAN;
  return d >= HALF_SPAN ? d - SEQ_SPAN : d;
}

export function frameEndMs(frame: SampleFrame): number {
  return frame.tMs + (frame.emgUv[0].length * 1000) / frame.emgFsHz;
}

const RECENT = 1024;
/** A device whose sequence jumps back this far, with a later clock, has restarted. */
const RESTART_DISTANCE = 4096;

export class FrameSequencer {
  private nextSeq = -1;
  private lastEndMs = -1;
  private held: Held[] = [];
  /**
   * seq of recently emitted frames, at seq % RECENT: tells a duplicate from a late frame. Slot i
   * starts at i + 1, a seq that never lands in slot i, so an empty slot matches nothing.
   * (uint32: half the memory of a float64 ring, 4 KiB a device)
   */
  private readonly recent = Uint32Array.from({ length: RECENT }, (_, i) => i + 1);
  reordered = 0;

  constructor(
    private readonly output: SequencerOutput,
    private readonly options: SequencerOptions = DEFAULT_SEQUENCER_OPTIONS,
  ) {}

  push(frame: SampleFrame, rxMs: number): void {
    if (this.nextSeq < 0) {
      this.emit(frame, 0);
      return;
    }
    const distance = seqDistance(this.nextSeq, frame.seq);
    if (distance === 0) {
      this.emit(frame, 0);
      this.drainInOrder(true);
      return;
    }
    if (distance < 0) {
      if (this.recent[frame.seq % RECENT] === frame.seq) this.output.duplicate(frame);
      else if (distance < -RESTART_DISTANCE && frame.tMs > this.lastEndMs) this.restart(frame);
      else this.output.late(frame);
      return;
    }
    if (this.held.some((h) => h.frame.seq === frame.seq)) {
      this.output.duplicate(frame);
      return;
    }
    this.held.push({ frame, rxMs });
    this.held.sort((a, b) => seqDistance(b.frame.seq, a.frame.seq));
    if (this.held.length > this.options.maxHeld) this.declareGap();
  }

  /** Declares the gaps of frames that waited longer than holdMs. Call on a timer, or per message in replay. */
  tick(nowMs: number): void {
    while (this.held.length > 0 && nowMs - this.oldestHeldRx() >= this.options.holdMs) this.declareGap();
  }

  /** End of stream: whatever waits is emitted, with its gaps. */
  flush(): void {
    while (this.held.length > 0) this.declareGap();
  }

  get heldCount(): number {
    return this.held.length;
  }

  private oldestHeldRx(): number {
    let oldest = Infinity;
    for (const h of this.held) if (h.rxMs < oldest) oldest = h.rxMs;
    return oldest;
  }

  /** The frames before the first held one are not coming: emit from there on. */
  private declareGap(): void {
    const first = this.held.shift()!.frame;
    this.emit(first, seqDistance(this.nextSeq, first.seq));
    this.drainInOrder(false);
  }

  private drainInOrder(filledIn: boolean): void {
    while (this.held.length > 0 && this.held[0].frame.seq === this.nextSeq) {
      const { frame } = this.held.shift()!;
      if (filledIn) this.reordered++;
      this.emit(frame, 0);
    }
  }

  private restart(frame: SampleFrame): void {
    this.flush();
    this.nextSeq = frame.seq;
    this.emit(frame, 0);
  }

  private emit(frame: SampleFrame, missingFrames: number): void {
    if (this.lastEndMs >= 0) {
      // A lost frame, or a contiguous sequence whose clock jumped (the device paused sampling):
      // either way the samples in between are missing, never zeros.
      const periodMs = frameEndMs(frame) - frame.tMs;
      if (missingFrames > 0 || frame.tMs - this.lastEndMs > periodMs * 0.5) {
        this.output.gap(this.lastEndMs, Math.max(frame.tMs, this.lastEndMs), missingFrames);
      }
    }
    this.nextSeq = (frame.seq + 1) % SEQ_SPAN;
    this.recent[frame.seq % RECENT] = frame.seq;
    this.lastEndMs = Math.max(this.lastEndMs, frameEndMs(frame));
    this.output.frame(frame);
  }
}
