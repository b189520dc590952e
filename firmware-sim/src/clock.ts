// The sensor's own clock: set from the network at boot (an offset of up to a second or two)
// and running fast or slow by tens of ppm (a typical ±20–50 ppm crystal), so that over a night
// device time and receive time drift apart by up to a second or more.
import type { DeviceSpec } from './spec.ts';

export function deviceTimeMs(device: DeviceSpec, nightStartMs: number, trueMs: number): number {
  return trueMs + device.clockOffsetMs + (trueMs - nightStartMs) * device.clockDriftPpm * 1e-6;
}
