// How frames travel: Wi-Fi drops single frames, the link goes away for tens of seconds (firmware
// either loses what it sampled or holds it and sends it late), QoS 1 redelivers duplicates,
// brokers reorder a little, and now and then something unreadable arrives.
import type { Random } from '../random.ts';
import type { GarbageKind, TransportSpec } from '../spec.ts';

export const GARBAGE_KINDS: GarbageKind[] = ['not_json', 'truncated_json', 'missing_seq', 'ragged', 'bad_channel', 'fs_out_of_range', 'bad_binary', 'string_sample'];

export function cleanTransport(): TransportSpec {
  return { lossProbability: 0, outages: [], duplicateProbability: 0, reorderProbability: 0, garbage: [] };
}

export function randomTransport(random: Random, startMs: number, endMs: number, deviceCount: number, severity: 'normal' | 'lossy' = 'normal'): TransportSpec {
  const lossy = severity === 'lossy';
  const hours = (endMs - startMs) / 3_600_000;
  const outages: TransportSpec['outages'] = [];
  const outageCount = lossy ? random.int(2, 4) : random.weighted([[0, 5], [1, 3], [2, 1], [3, 1]] as const);
  for (let k = 0; k < outageCount; k++) {
    const length = random.logUniform(10_000, 120_000);
    const start = random.uniform(startMs + 30_000, Math.max(startMs + 30_001, endMs - length - 30_000));
    if (outages.some((o) => start < o.endMs + 30_000 && start + length > o.startMs - 30_000)) continue;
    outages.push({ startMs: start, endMs: start + length, buffered: random.chance(0.5) });
  }
  outages.sort((a, b) => a.startMs - b.startMs);
  const garbageCount = lossy ? random.int(6, 16) : random.weighted([[0, 3], [random.int(1, 3), 3], [random.int(4, 10), 1]] as const);
  const garbage: TransportSpec['garbage'] = [];
  for (let k = 0; k < garbageCount; k++) garbage.push({ atMs: random.uniform(startMs + 1000, endMs - 1000), device: random.int(0, deviceCount - 1), kind: random.pick(GARBAGE_KINDS) });
  garbage.sort((a, b) => a.atMs - b.atMs);
  return {
    lossProbability: lossy ? random.uniform(0.01, 0.05) : random.chance(0.5) ? 0 : random.logUniform(0.0005, 0.02),
    outages,
    duplicateProbability: lossy ? random.uniform(0.005, 0.03) : random.chance(0.5) ? 0 : random.uniform(0, 0.01),
    reorderProbability: lossy ? random.uniform(0.002, 0.02) : random.chance(0.6) ? 0 : random.uniform(0, 0.005),
    garbage: hours > 0 ? garbage : [],
  };
}
