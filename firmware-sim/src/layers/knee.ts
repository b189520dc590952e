// A change of knee angle for a while: the knee drawn up while turning over or settling, pulled
// into flexion by a hamstring cramp, straightened by a quadriceps cramp.
import type { KneeLayer } from '../spec.ts';
import { edgeWindow, type LayerRenderer } from './renderer.ts';

export class KneeRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;

  constructor(private readonly layer: KneeLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
  }

  kneeDeltaDeg(tMs: number): number {
    const { startMs, endMs, rampMs, deltaDeg } = this.layer;
    return deltaDeg * edgeWindow(tMs, startMs, endMs, rampMs, rampMs);
  }
}
