// Folds 50-ms blocks into one SignalPoint per second of stream time (PROTOCOL's plotting and
// report feed). Sums live in typed arrays; one point object is made per second, not per block.
import type { Muscle, Posture, SignalPoint } from '../core/types.ts';

export class SignalAggregator {
  private second = NaN;
  private readonly sumSquares: Float64Array;
  private blocks = 0;
  private goodContact = 0;
  private contactChecks = 0;
  private emgSquares = 0;
  private ankleSum = 0;
  private ankleCount = 0;
  private kneeSum = 0;
  private kneeCount = 0;

  constructor(
    private readonly device: string,
    private readonly muscles: readonly Muscle[],
  ) {
    this.sumSquares = new Float64Array(muscles.length);
  }

  /**
   * Adds one block; returns a finished point when the block starts a new second.
   * `mainsMeanSquareUv2` is the mains line's power over the second that just ended (the mains
   * watch closes its windows on the same second boundaries).
   */
  add(
    tMs: number,
    meanSquareUv2: Float64Array,
    ok: Uint8Array,
    mainsMeanSquareUv2: number,
    ankleDeg: number,
    posture: Posture,
    tempC: number | undefined,
    battery: number | undefined,
    kneeDeg = NaN,
  ): SignalPoint | undefined {
    const second = Math.floor(tMs / 1000);
    let done: SignalPoint | undefined;
    if (second !== this.second) {
      done = this.flush(posture, tempC, battery, mainsMeanSquareUv2);
      this.second = second;
    }
    for (let c = 0; c < this.muscles.length; c++) {
      this.sumSquares[c] += meanSquareUv2[c];
      this.emgSquares += meanSquareUv2[c];
      this.contactChecks++;
      if (ok[c]) this.goodContact++;
    }
    if (ankleDeg === ankleDeg) {
      this.ankleSum += ankleDeg;
      this.ankleCount++;
    }
    if (kneeDeg === kneeDeg) {
      this.kneeSum += kneeDeg;
      this.kneeCount++;
    }
    this.blocks++;
    this.lastPosture = posture;
    this.lastTemp = tempC;
    this.lastBattery = battery;
    return done;
  }

  private lastPosture: Posture = 'unknown';
  private lastTemp: number | undefined;
  private lastBattery: number | undefined;

  /** The point for the second in progress, if any (end of stream, a gap). */
  flush(posture: Posture = this.lastPosture, tempC = this.lastTemp, battery = this.lastBattery, mainsMeanSquareUv2 = NaN): SignalPoint | undefined {
    if (this.blocks === 0 || Number.isNaN(this.second)) return undefined;
    const envelopeUv: Partial<Record<Muscle, number>> = {};
    for (let c = 0; c < this.muscles.length; c++) envelopeUv[this.muscles[c]] = round2(Math.sqrt(this.sumSquares[c] / this.blocks));
    const point: SignalPoint = {
      device: this.device,
      tMs: this.second * 1000,
      envelopeUv,
      posture,
      contact: this.contactChecks > 0 ? this.goodContact / this.contactChecks : 0,
    };
    if (this.ankleCount > 0) point.ankleFlexionDeg = round2(this.ankleSum / this.ankleCount);
    if (this.kneeCount > 0) point.kneeFlexionDeg = round2(this.kneeSum / this.kneeCount);
    if (tempC !== undefined) point.tempC = tempC;
    if (battery !== undefined) point.battery = battery;
    const emgPerChannel = this.emgSquares / (Math.max(1, this.muscles.length) * this.blocks);
    const mains = mainsMeanSquareUv2;
    if (mains > 0 && emgPerChannel > 0) point.mainsDb = round2(10 * Math.log10(mains / emgPerChannel));
    this.sumSquares.fill(0);
    this.blocks = 0;
    this.goodContact = 0;
    this.contactChecks = 0;
    this.emgSquares = 0;
    this.ankleSum = 0;
    this.ankleCount = 0;
    this.kneeSum = 0;
    this.kneeCount = 0;
    return point;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
