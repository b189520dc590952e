// Renders one device's night frame by frame, as its firmware would sample it: muscle drive from
// the layers → motor-unit trains → crosstalk between channels → electrode/amplifier noise, ECG
// and artifacts → the amplifier's high-pass → electrode-off overrides → the amplifier's range.
// Buffers are allocated once; a yielded frame's arrays are overwritten by the next one, so the
// consumer encodes each frame before asking for the next.
import type { AccBlock, Muscle } from '../../src/core/types.ts';
import { Biquad, FilterChain } from './biquad.ts';
import { deviceTimeMs } from './clock.ts';
import { footFromShank } from './foot.ts';
import { thighFromShank } from './thigh.ts';
import { Heartbeat } from './layers/heartbeat.ts';
import { layerRenderer } from './layers/index.ts';
import type { LayerRenderer } from './layers/renderer.ts';
import { MotorUnitTrain } from './motor-unit-train.ts';
import { PostureTimeline } from './posture-timeline.ts';
import { hashSeed, Random } from './random.ts';
import type { NightSpec } from './spec.ts';

export interface RenderedFrame {
  seq: number;
  /** true time of the first EMG sample (ms); the device stamps its own clock (clock.ts) */
  trueMs: number;
  tMs: number;
  emgFsHz: number;
  channels: readonly Muscle[];
  emgUv: Float32Array[];
  acc?: AccBlock;
  foot?: AccBlock;
  thigh?: AccBlock;
  tempC?: number;
  battery?: number;
}

export function* renderDevice(spec: NightSpec, deviceIndex: number): Generator<RenderedFrame> {
  const device = spec.devices[deviceIndex];
  const random = new Random(hashSeed(spec.seed, `render-${deviceIndex}`));
  const channels = device.channels;
  const n = device.frameSamples;
  const dtMs = 1000 / device.emgFsHz;
  const frameMs = n * dtMs;
  const channelCount = channels.length;

  const trains = channels.map((_, c) => new MotorUnitTrain(device.emgFsHz, device.spectrum[c], random.fork(`mu-${c}`)));
  const noiseChains = channels.map(
    () => new FilterChain([new Biquad('highpass', 10, device.emgFsHz), new Biquad('lowpass', Math.min(400, device.emgFsHz * 0.42), device.emgFsHz)]),
  );
  const noiseGain = noiseChains.map((chain) => 1 / Math.sqrt(chain.impulseEnergy()));
  const highPass = channels.map(() => new Biquad('highpass', device.highPassHz, device.emgFsHz, 0.6));
  const heart = new Heartbeat(spec.startMs, device.heart.bpm, hashSeed(spec.seed, `heart-${deviceIndex}`));
  const postures = new PostureTimeline(spec.postures, deviceIndex);

  const pending: LayerRenderer[] = spec.layers
    .filter((layer) => layer.device === deviceIndex)
    .sort((a, b) => a.startMs - b.startMs)
    .map((layer) => layerRenderer(layer, channels, device.emgFsHz));
  let nextPending = 0;
  let active: LayerRenderer[] = [];

  const own = channels.map(() => new Float32Array(n));
  const emg = channels.map(() => new Float32Array(n));
  const drive = new Float32Array(n);

  const accDtMs = 1000 / device.accFsHz;
  const accFirstMs = spec.startMs + device.accPhaseMs;
  const maxAcc = Math.ceil(frameMs / accDtMs) + 1;
  const shank = new Float32Array(maxAcc * 3);
  const foot = new Float32Array(maxAcc * 3);
  const thigh = new Float32Array(maxAcc * 3);
  // its own stream, so that nights without a thigh sensor draw exactly what they drew before
  const thighNoise = device.thigh ? random.fork('thigh-noise') : undefined;
  const noise = random.fork('acc-noise');
  const tempRandom = random.fork('temp');
  const yawCos = Math.cos((device.mountYawDeg * Math.PI) / 180);
  const yawSin = Math.sin((device.mountYawDeg * Math.PI) / 180);
  const rollCos = Math.cos((device.mountRollDeg * Math.PI) / 180);
  const rollSin = Math.sin((device.mountRollDeg * Math.PI) / 180);

  const frames = Math.floor((spec.endMs - spec.startMs) / frameMs);
  for (let k = 0; k < frames; k++) {
    const t0 = spec.startMs + k * frameMs;
    const t1 = t0 + frameMs;
    while (nextPending < pending.length && pending[nextPending].startMs < t1 + 1000) active.push(pending[nextPending++]);
    if (active.length > 0) active = active.filter((layer) => layer.endMs > t0 - 1000);

    for (let c = 0; c < channelCount; c++) {
      const muscle = channels[c];
      drive.fill(device.tonicUv[c]);
      for (const layer of active) layer.addDrive?.(muscle, t0, dtMs, drive);
      const train = trains[c];
      const out = own[c];
      for (let i = 0; i < n; i++) out[i] = train.next(drive[i]);
    }
    for (let c = 0; c < channelCount; c++) {
      const out = emg[c];
      out.set(own[c]);
      const mix = device.crosstalk[c];
      for (let d = 0; d < channelCount; d++) {
        const w = mix[d];
        if (d === c || w === 0) continue;
        const other = own[d];
        for (let i = 0; i < n; i++) out[i] += w * other[i];
      }
      let pickup = 1;
      for (const layer of active) if (layer.signalGain) pickup *= layer.signalGain(channels[c], t0 + frameMs / 2);
      if (pickup !== 1) for (let i = 0; i < n; i++) out[i] *= pickup;
      const chain = noiseChains[c];
      const level = device.noiseUv[c] * noiseGain[c] * (1 + device.noiseDriftPerHour * ((t0 - spec.startMs) / 3_600_000));
      for (let i = 0; i < n; i++) out[i] += chain.next(random.fastGaussian() * level);
      heart.add(t0, dtMs, device.heart.amplitudeUv[c], out);
      for (const layer of active) layer.addSignal?.(channels[c], t0, dtMs, out);
      const filter = highPass[c];
      for (let i = 0; i < n; i++) out[i] = filter.next(out[i]);
      for (const layer of active) layer.overrideSignal?.(channels[c], t0, dtMs, out);
      const range = device.rangeUv;
      const lsb = device.lsbUv;
      for (let i = 0; i < n; i++) {
        const x = out[i];
        out[i] = Math.round((x > range ? range : x < -range ? -range : x) / lsb) * lsb;
      }
    }

    // Accelerometer samples whose (own-clock) times fall inside this frame.
    const firstAcc = Math.ceil((t0 - accFirstMs) / accDtMs - 1e-9);
    const endAcc = Math.ceil((t1 - accFirstMs) / accDtMs - 1e-9);
    const accCount = Math.max(0, endAcc - Math.max(0, firstAcc));
    const accT0 = accFirstMs + Math.max(0, firstAcc) * accDtMs;
    let acc: AccBlock | undefined;
    let footBlock: AccBlock | undefined;
    let thighBlock: AccBlock | undefined;
    if (accCount > 0) {
      for (let j = 0; j < accCount; j++) postures.gravity(accT0 + j * accDtMs, shank, j * 3);
      for (const layer of active) layer.addShank?.(accT0, accDtMs, shank, accCount);
      if (device.foot) {
        for (let j = 0; j < accCount; j++) {
          const t = accT0 + j * accDtMs;
          let ankle = postures.ankleDeg(t);
          for (const layer of active) if (layer.ankleDeltaDeg) ankle += layer.ankleDeltaDeg(t);
          footFromShank(shank[j * 3], shank[j * 3 + 1], shank[j * 3 + 2], ankle, foot, j * 3);
        }
        for (let i = 0; i < accCount * 3; i++) foot[i] = Math.round(foot[i] + noise.fastGaussian() * device.accNoiseMg * 1.2);
        footBlock = { fsHz: device.accFsHz, tMs: deviceTimeMs(device, spec.startMs, accT0), mg: foot.subarray(0, accCount * 3) };
      }
      if (thighNoise) {
        for (let j = 0; j < accCount; j++) {
          const t = accT0 + j * accDtMs;
          let knee = postures.kneeDeg(t);
          for (const layer of active) if (layer.kneeDeltaDeg) knee += layer.kneeDeltaDeg(t);
          thighFromShank(shank[j * 3], shank[j * 3 + 1], shank[j * 3 + 2], Math.max(0, Math.min(150, knee)), thigh, j * 3);
        }
        for (let i = 0; i < accCount * 3; i++) thigh[i] = Math.round(thigh[i] + thighNoise.fastGaussian() * device.accNoiseMg);
        thighBlock = { fsHz: device.accFsHz, tMs: deviceTimeMs(device, spec.startMs, accT0), mg: thigh.subarray(0, accCount * 3) };
      }
      for (let j = 0; j < accCount; j++) {
        // the patch's own tilt on the skin: yaw about z mixes x and y, roll about x mixes y and z
        const x = shank[j * 3];
        const y = shank[j * 3 + 1];
        const z = shank[j * 3 + 2];
        const y1 = -yawSin * x + yawCos * y;
        shank[j * 3] = yawCos * x + yawSin * y;
        shank[j * 3 + 1] = rollCos * y1 + rollSin * z;
        shank[j * 3 + 2] = -rollSin * y1 + rollCos * z;
      }
      for (let i = 0; i < accCount * 3; i++) shank[i] = Math.round(shank[i] + noise.fastGaussian() * device.accNoiseMg);
      acc = { fsHz: device.accFsHz, tMs: deviceTimeMs(device, spec.startMs, accT0), mg: shank.subarray(0, accCount * 3) };
    }

    const hours = (t0 - spec.startMs) / 3_600_000;
    yield {
      seq: (device.seqStart + k) >>> 0,
      trueMs: t0,
      // firmware stamps whole milliseconds
      tMs: Math.floor(deviceTimeMs(device, spec.startMs, t0)),
      emgFsHz: device.emgFsHz,
      channels,
      emgUv: emg,
      acc,
      foot: footBlock,
      thigh: thighBlock,
      // skin under the patch: warms over the first hour under the covers, drifts slowly
      tempC: device.temp ? Math.round((device.tempBaseC + 1.2 * (1 - Math.exp(-hours)) + 0.3 * Math.sin(hours * 1.3) + 0.02 * tempRandom.gaussian()) * 100) / 100 : undefined,
      battery: device.battery ? Math.round(Math.max(0.01, device.batteryStart - device.batteryPerHour * hours) * 1000) / 1000 : undefined,
    };
  }
}
