// How long a report takes and how big it gets: one 8-hour night, and 30 such nights.
// Run by hand: node --import tsx test/report/bench-report.ts
import { assembleReport } from '../../src/report/assemble.ts';
import { renderReport } from '../../src/report/render.ts';
import type { Episode, LimbMovement, SignalPoint } from '../../src/core/types.ts';
import { handMadeNight } from './hand-made-night.ts';

const DAY_MS = 86_400_000;

function nights(count: number): { episodes: Episode[]; signals: SignalPoint[]; limbMovements: LimbMovement[] } {
  const one = handMadeNight();
  const out = { episodes: [] as Episode[], signals: [] as SignalPoint[], limbMovements: [] as LimbMovement[] };
  for (let k = 0; k < count; k++) {
    const d = k * DAY_MS;
    for (const e of one.episodes) out.episodes.push({ ...e, id: `${e.id}-${k}`, start: e.start + d, end: e.end === undefined ? undefined : e.end + d });
    for (const p of one.signals) out.signals.push({ ...p, tMs: p.tMs + d });
    for (const m of one.limbMovements) out.limbMovements.push({ ...m, start: m.start + d, end: m.end + d });
  }
  return out;
}

for (const count of [1, 30]) {
  const data = { ...nights(count), records: [] };
  const t0 = performance.now();
  const input = assembleReport(data, {}, { timeZone: 'Europe/Berlin', generatedAtMs: 0 });
  const t1 = performance.now();
  const page = renderReport(input);
  const t2 = performance.now();
  console.log(
    `${count} night(s), ${data.signals.length} signal points: assemble ${(t1 - t0).toFixed(0)} ms, render ${(t2 - t1).toFixed(0)} ms, page ${(page.length / 1024).toFixed(0)} KiB`,
  );
}
