// A change of ankle angle for a while: toes pointed hard during a calf cramp, the foot pulled up
// in a periodic limb movement (ankle dorsiflexion with the big toe, WASM 2016) or a stretch.
import type { AnkleLayer } from '../spec.ts';
import { edgeWindow, type LayerRenderer } from './renderer.ts';

export class AnkleRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;

  constructor(private readonly layer: AnkleLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
  }

  ankleDeltaDeg(tMs: number): number {
    const { startMs, endMs, rampMs, deltaDeg } = this.layer;
    return deltaDeg * edgeWindow(tMs, startMs, endMs, rampMs, rampMs);
  }
}
