// firmware-sim: a simulated calf sensor and the nights it records.
export { nightMessages, nightTruth, randomNightSpec, truthPathFor, writeCapture, headerLines, PRESETS, type Truth, type MessageOptions, type NightOptions } from './night.ts';
export type { CaptureLine } from './capture-line.ts';
export type { NightSpec, DeviceSpec, TruthEpisode, Layer, PostureEpoch } from './spec.ts';
export { renderDevice, type RenderedFrame } from './device-stream.ts';
