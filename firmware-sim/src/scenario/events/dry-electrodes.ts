// A device worn with dry or textile electrodes all night (layers/contact.ts holds the physics and
// its sources). The contact shifts whenever the sleeper turns over, so the postures must be final
// when this is added.
import type { NightBuilder } from '../night-builder.ts';

const MIN = 60_000;

export function addDryElectrodes(b: NightBuilder, device: number): void {
  const random = b.random.fork('dry-electrodes');
  const channels = b.devices[device].channels;
  b.layers.push({
    type: 'contact',
    device,
    startMs: b.startMs,
    endMs: b.endMs,
    seed: b.seed(),
    // 10–25 µV RMS over the EMG band (the range for dry and textile contacts)
    floorUv: channels.map(() => random.logUniform(10, 25)),
    // dry skin at first: up to 2.5× the settled floor, settling over 5–20 min (Searle & Kirkup 2000)
    settleFactor: random.uniform(1.2, 2.5),
    settleTauMs: random.uniform(5, 20) * MIN,
    // minutes-long wander of ±15–35 % (1 sd)
    wanderSd: random.uniform(0.15, 0.35),
    wanderTauMs: random.uniform(3, 15) * MIN,
    gainCoupling: random.uniform(0.3, 0.7),
    shiftsMs: b.postures.slice(1).map((e) => e.startMs),
    shiftSd: random.uniform(0.1, 0.3),
  });
}
